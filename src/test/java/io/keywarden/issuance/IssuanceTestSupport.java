package io.keywarden.issuance;

import io.keywarden.sandbox.SandboxFault;
import io.keywarden.support.ApplicationTestBase;
import java.time.Duration;
import java.util.List;

/** What the create-protocol tests share: a caller, the sandbox and the database. */
public abstract class IssuanceTestSupport extends ApplicationTestBase {

    void arm(SandboxFault.Type type, Integer status, Duration delay, Integer retCode) {
        sandbox.arm(new SandboxFault(type, null, null, status, delay, null, retCode, null));
    }

    List<String> upstreamKeyIds(String userName) {
        return sandbox.keysOf(userName).stream().map(key -> key.accessKeyId()).toList();
    }

    String issuanceState(String idempotencyKey) {
        return jdbc.queryForObject(
                "SELECT state FROM issuance WHERE idempotency_key = ?", String.class, idempotencyKey);
    }
}
