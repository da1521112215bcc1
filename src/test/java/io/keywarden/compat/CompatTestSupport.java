package io.keywarden.compat;

import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import java.util.List;

/** What the compat tests share: a caller speaking the upstream's protocol, the sandbox and the database. */
abstract class CompatTestSupport extends ApplicationTestBase {

    static final String FORM = "application/x-www-form-urlencoded";

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

    List<String> auditDetails(String userName) {
        return auditEvents.ofUser(userName).stream()
                .map(event -> event.detail() == null ? "" : event.detail())
                .toList();
    }
}
