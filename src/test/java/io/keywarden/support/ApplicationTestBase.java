package io.keywarden.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.audit.AuditTrail;
import io.keywarden.sandbox.SandboxUpstream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What tests of the running application share: a caller over real HTTP, the sandbox upstream
 * (its faults cleared around every test), the audit log as an auditor reads it and the database. Each test works on users of its own,
 * so tests sharing the application context never see each other's keys.
 */
public abstract class ApplicationTestBase {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    protected SandboxUpstream sandbox;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private AuditTrail auditTrail;

    @Value("${server.port}")
    protected int port;

    protected Api api;

    /** The audit log, read through the audit module's API. */
    protected AuditEvents auditEvents;

    @BeforeEach
    void connectWithNoFaultArmed() {
        api = new Api(port);
        auditEvents = new AuditEvents(auditTrail);
        sandbox.clearFaults();
    }

    @AfterEach
    void clearArmedFaults() {
        sandbox.clearFaults();
    }

    /** A user no other test uses, inside the test issuer's scope ({@code team-*}). */
    protected static String newUser() {
        return "team-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A key id as the gateway draws them (standard Base64 of 32 bytes), for keys made upstream by hand. */
    protected static String newUpstreamKeyId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    protected static String newIdempotencyKey() {
        return "idem-" + UUID.randomUUID();
    }

    /**
     * A metric as the metrics endpoint exports it to a scraper: the value of its first series (with
     * any labels), as text.
     */
    protected String scraped(String metric) {
        String exported = api.call("GET", "/actuator/prometheus")
                .token(Api.METRICS)
                .send()
                .body();
        Matcher found = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(?:\\{[^}]*})? (\\S+)$")
                .matcher(exported);
        assertThat(found.find()).as(metric + " is exported").isTrue();
        return found.group(1);
    }

    /**
     * Runs the job as an operator's "run now" does, every 50 ms (a run in progress elsewhere answers
     * 409 and the next try comes), until {@code done} holds.
     */
    protected void runJobUntil(String job, Duration atMost, BooleanSupplier done) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            Api.Answer run = api.call("POST", "/admin/v1/jobs/" + job + "/runs")
                    .token(Api.ADMIN)
                    .send();
            assertThat(run.status()).as(run.body()).isIn(201, 409);
            return done.getAsBoolean();
        });
    }

    /** The outcomes of the user's audit events, oldest first. */
    protected List<String> auditOutcomes(String userName) {
        return auditEvents.outcomesOf(userName);
    }
}
