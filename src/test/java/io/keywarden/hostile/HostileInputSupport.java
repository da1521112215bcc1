package io.keywarden.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.sandbox.SandboxUpstream;
import io.keywarden.support.Api;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the hostile-input tests share: the caller, and the checks every hostile request must
 * pass whatever it was: no key or intent stored, no upstream call that changes anything, and no
 * log line the input could have forged.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class HostileInputSupport {

    /** Every injected line starts with this, so a forged log line is easy to find. */
    static final String FORGED = "FORGED-LOG-LINE";

    static final List<String> INJECTIONS = List.of(
            "x\r\n" + FORGED + " INFO admin logged in",
            "x\n" + FORGED,
            "' OR '1'='1'; DROP TABLE access_key; --",
            "../../../etc/passwd",
            "..%2F..%2Fadmin",
            "%00",
            "${jndi:ldap://example.invalid/a}",
            "<script>alert(1)</script>",
            "a".repeat(5000),
            "\u0000\u0007\u001b[31m",
            "ｔｅａｍ-x",
            "team-\u202eevil");

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SandboxUpstream sandbox;

    @Value("${server.port}")
    int port;

    Api api;
    private long[] before;

    @BeforeEach
    void snapshot() {
        api = new Api(port);
        before = state();
    }

    @AfterEach
    void nothingStoredOrSent() {
        assertThat(state())
                .as("keys, intents and upstream calls (Create, Update, Delete) are unchanged")
                .containsExactly(before);
    }

    private long[] state() {
        return new long[] {
            count("access_key"),
            count("issuance"),
            sandbox.callCount("CreateAccessKey"),
            sandbox.callCount("UpdateAccessKey"),
            sandbox.callCount("DeleteAccessKey")
        };
    }

    private long count(String table) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }

    static void assertProblem(Api.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(answer.status());
    }

    /** A free-text search filter that matches nothing is an empty page, not an error. */
    static void assertProblemOrEmptyPage(Api.Answer answer) {
        if (answer.status() == 200) {
            assertThat(answer.json().get("items")).as(answer.toString()).isEmpty();
        } else {
            assertProblem(answer);
        }
    }

    static void assertNotForged(CapturedOutput output) {
        assertThat(Arrays.stream(output.getAll().split("\\R")))
                .as("no log line starts with injected text")
                .noneMatch(line -> line.startsWith(FORGED));
    }
}
