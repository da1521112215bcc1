package io.keywarden.issuance;

import io.keywarden.support.Api;
import io.keywarden.upstream.sandbox.SandboxFault;
import io.keywarden.upstream.sandbox.SandboxUpstream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the create-protocol tests share: a caller, the sandbox and the database. */
abstract class IssuanceTestSupport {

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

    void arm(SandboxFault.Type type, Integer status, Duration delay, Integer retCode) {
        sandbox.arm(new SandboxFault(type, null, null, status, delay, null, retCode, null));
    }

    List<String> upstreamKeyIds(String userName) {
        return sandbox.keysOf(userName).stream().map(key -> key.accessKeyId()).toList();
    }

    List<String> auditOutcomes(String userName) {
        return jdbc.queryForList(
                "SELECT outcome FROM audit_event WHERE user_name = ? ORDER BY id", String.class, userName);
    }

    String issuanceState(String idempotencyKey) {
        return jdbc.queryForObject(
                "SELECT state FROM issuance WHERE idempotency_key = ?", String.class, idempotencyKey);
    }
}
