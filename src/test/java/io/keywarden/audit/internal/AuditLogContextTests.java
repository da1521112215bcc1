package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditTrail;
import io.keywarden.audit.KeyOwners;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.UserNameGlob;
import io.keywarden.platform.web.RequestContext;
import io.keywarden.support.PostgresContainerConfiguration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit module with only the modules it depends on, against the real PostgreSQL: an event
 * records the request context its entry carries, whatever thread appends it and whatever that
 * thread's logging context holds, and reads back through the module's own search.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.DIRECT_DEPENDENCIES, verifyAutomatically = false)
@Import({PostgresContainerConfiguration.class, AuditLogContextTests.NoRecordedKeys.class})
@ActiveProfiles("test")
// The liveness group names health contributors of modules this test leaves out.
@TestPropertySource(properties = "management.endpoint.health.validate-group-membership=false")
// ModularityTests verifies the structure once; this context serves this class only.
@DirtiesContext
class AuditLogContextTests {

    @Autowired
    AuditLog audit;

    @Autowired
    AuditTrail trail;

    @Autowired
    TransactionTemplate transactions;

    /** The keys' module is not part of this test: no key is recorded. */
    @TestConfiguration(proxyBeanMethods = false)
    static class NoRecordedKeys {

        @Bean
        KeyOwners keyOwners() {
            return accessKeyId -> Optional.empty();
        }
    }

    private static final Caller AUDITOR =
            new Caller("module-auditor", Set.of(Role.AUDITOR), List.of(UserNameGlob.of("*")));

    @Test
    void anAppendFromAPlainThreadRecordsTheContextItsEntryCarriesAndNotTheThreads() throws InterruptedException {
        String user = "module-" + UUID.randomUUID();
        RequestContext context =
                new RequestContext("req-" + UUID.randomUUID(), "192.0.2.7", "svc-subject", "jti-7", "Ada Lovelace");
        Caller caller = new Caller("module-client", Set.of(Role.ISSUER), List.of()).in(context);
        AtomicReference<StoredAuditEvent> appended = new AtomicReference<>();

        Thread writer = new Thread(() -> {
            // What the writing thread's logging context holds is no part of the event.
            MDC.put("requestId", "the-writers-own");
            MDC.put("tokenSubject", "the-writers-own");
            appended.set(transactions.execute(
                    tx -> audit.append(AuditEntry.of(caller, AuditAction.CREATE_ACCESS_KEY, AuditOutcome.DENIED)
                            .user(user)
                            .detail("refused"))));
        });
        writer.start();
        writer.join();

        StoredAuditEvent event = appended.get();
        assertThat(event.actor()).isEqualTo("module-client");
        assertThat(event.requestId()).isEqualTo(context.requestId());
        assertThat(event.clientAddress()).isEqualTo("192.0.2.7");
        assertThat(event.tokenSubject()).isEqualTo("svc-subject");
        assertThat(event.tokenId()).isEqualTo("jti-7");
        assertThat(event.detail()).isEqualTo("refused; signed in as Ada Lovelace");
        AuditTrail.Event found = onlyEventOf(user);
        assertThat(found.id()).isEqualTo(event.id());
        assertThat(found.requestId()).isEqualTo(context.requestId());
        assertThat(found.detail()).isEqualTo("refused; signed in as Ada Lovelace");
    }

    @Test
    void anEventOfKeywardensOwnHasNoRequestContext() {
        String user = "module-" + UUID.randomUUID();
        MDC.put("requestId", "a-request-of-someone-else");
        try {
            StoredAuditEvent event = transactions.execute(tx ->
                    audit.append(AuditEntry.of("keywarden", AuditAction.RECONCILE_USER, AuditOutcome.DRIFT_DETECTED)
                            .user(user)));

            assertThat(event.requestId()).isNull();
            assertThat(event.clientAddress()).isNull();
            assertThat(event.tokenSubject()).isNull();
            assertThat(event.tokenId()).isNull();
            assertThat(event.detail()).isNull();
            assertThat(onlyEventOf(user).requestId()).isNull();
        } finally {
            MDC.remove("requestId");
        }
    }

    private AuditTrail.Event onlyEventOf(String user) {
        AuditTrail.Page page =
                trail.search(AUDITOR, new AuditTrail.Query(user, null, null, null, null, null, null, null, null));
        assertThat(page.items()).hasSize(1);
        return page.items().get(0);
    }
}
