package io.keywarden.compat;

import io.keywarden.support.Api;
import io.keywarden.upstream.sandbox.SandboxFault;
import io.keywarden.upstream.sandbox.SandboxKey;
import io.keywarden.upstream.sandbox.SandboxUpstream;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the compat tests share: a caller speaking the upstream's protocol, the sandbox and the database. */
abstract class CompatTestSupport {

    static final String FORM = "application/x-www-form-urlencoded";

    @Autowired
    SandboxUpstream sandbox;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${server.port}")
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
        sandbox.clearFaults();
    }

    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }

    static String newUser() {
        return "team-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static String newIdempotencyKey() {
        return "idem-" + UUID.randomUUID();
    }

    Api.Answer formPost(String token, String idempotencyKey, String form) {
        return api.call("POST", "/v1/compat")
                .token(token)
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", FORM)
                .body(form)
                .send();
    }

    Api.Answer create(String idempotencyKey, String userName) {
        return formPost(Api.ISSUER, idempotencyKey, "Action=CreateAccessKey&UserName=" + userName);
    }

    void arm(SandboxFault.Type type, Integer retCode, String message) {
        sandbox.arm(new SandboxFault(type, null, null, null, null, null, retCode, message));
    }

    List<SandboxKey> upstreamKeys(String userName) {
        return sandbox.keysOf(userName);
    }

    List<String> auditOutcomes(String userName) {
        return jdbc.queryForList(
                "SELECT outcome FROM audit_event WHERE user_name = ? ORDER BY id", String.class, userName);
    }

    List<String> auditDetails(String userName) {
        return jdbc.queryForList(
                "SELECT coalesce(detail, '') FROM audit_event WHERE user_name = ? ORDER BY id", String.class, userName);
    }
}
