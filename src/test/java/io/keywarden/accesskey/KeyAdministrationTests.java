package io.keywarden.accesskey;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.sandbox.SandboxKeyStatus;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@KeywardenTest
class KeyAdministrationTests extends ApplicationTestBase {

    String user;
    String key;

    @BeforeEach
    void createKey() {
        user = newUser();
        key = api.createKey(Api.ISSUER, "admin-" + UUID.randomUUID(), user).text("accessKeyId");
    }

    @Test
    void disableAndEnableChangeTheKeyUpstreamAndInTheRecord() {
        Api.Answer disabled = admin("POST", "/disable");

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.text("status")).isEqualTo("INACTIVE");
        assertThat(upstreamStatus()).isEqualTo(SandboxKeyStatus.INACTIVE);

        Api.Answer enabled = admin("POST", "/enable");

        assertThat(enabled.text("status")).isEqualTo("ACTIVE");
        assertThat(upstreamStatus()).isEqualTo(SandboxKeyStatus.ACTIVE);
        assertThat(audit())
                .containsExactly(
                        "CREATE_ACCESS_KEY SUCCEEDED", "DISABLE_ACCESS_KEY SUCCEEDED", "ENABLE_ACCESS_KEY SUCCEEDED");
    }

    @Test
    void deleteRemovesTheKeyUpstreamAndMarksItDeleted() {
        Api.Answer deleted = admin("DELETE", "");
        Api.Answer again = admin("DELETE", "");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.text("status")).isEqualTo("DELETED");
        assertThat(sandbox.keysOf(user)).isEmpty();
        assertThat(again.status()).isEqualTo(409);
        assertThat(api.call("GET", Api.keyPath(key)).token(Api.ISSUER).send().text("status"))
                .isEqualTo("DELETED");
    }

    @Test
    void aKeyAlreadyGoneUpstreamIsRecordedDeleted() {
        sandbox.reset();

        Api.Answer deleted = admin("DELETE", "");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.text("status")).isEqualTo("DELETED");
    }

    @Test
    void anUnavailableUpstreamChangesNothingAndIsAudited() {
        sandbox.arm(new SandboxFault(SandboxFault.Type.HTTP_STATUS, null, null, 503, null, null, null, null));

        Api.Answer disabled = admin("POST", "/disable");

        assertThat(disabled.status()).isEqualTo(503);
        assertThat(disabled.header("Retry-After")).isNotNull();
        sandbox.clearFaults();
        assertThat(upstreamStatus()).isEqualTo(SandboxKeyStatus.ACTIVE);
        assertThat(api.call("GET", Api.keyPath(key)).token(Api.ISSUER).send().text("status"))
                .isEqualTo("ACTIVE");
        assertThat(audit()).containsExactly("CREATE_ACCESS_KEY SUCCEEDED", "DISABLE_ACCESS_KEY UPSTREAM_UNAVAILABLE");
    }

    @Test
    void anOperatorsReasonIsKeptInTheAuditDetailAndABadOneChangesNothing() {
        Api.Answer unprintable = api.call("POST", Api.keyPath(key) + "/disable")
                .token(Api.ADMIN)
                .json("{\"reason\": \"INC-1\\u202e\"}")
                .send();
        Api.Answer tooLong = api.call("DELETE", Api.keyPath(key) + "?reason=" + "x".repeat(301))
                .token(Api.ADMIN)
                .send();

        for (Api.Answer refused : List.of(unprintable, tooLong)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.text("parameter")).isEqualTo("reason");
        }
        assertThat(upstreamStatus()).isEqualTo(SandboxKeyStatus.ACTIVE);

        Api.Answer disabled = api.call("POST", Api.keyPath(key) + "/disable")
                .token(Api.ADMIN)
                .json("{\"reason\": \"INC-1: leaked in a build log\"}")
                .send();
        Api.Answer deleted = api.call("DELETE", Api.keyPath(key) + "?reason=INC-1%20closed")
                .token(Api.ADMIN)
                .send();

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(auditEvents.ofKey(key).stream()
                        .filter(event -> !event.action().equals("CREATE_ACCESS_KEY"))
                        .map(event -> event.action() + " " + event.outcome() + " " + event.detail()))
                .containsExactly(
                        "DISABLE_ACCESS_KEY INVALID " + unprintable.text("detail"),
                        "DELETE_ACCESS_KEY INVALID " + tooLong.text("detail"),
                        "DISABLE_ACCESS_KEY SUCCEEDED reason: INC-1: leaked in a build log; status INACTIVE",
                        "DELETE_ACCESS_KEY SUCCEEDED reason: INC-1 closed; status DELETED");
    }

    @Test
    void anUnknownKeyIs404() {
        Api.Answer answer = api.call("POST", Api.keyPath("bm8rc3VjaC9rZXk=") + "/disable")
                .token(Api.ADMIN)
                .send();

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    private Api.Answer admin(String method, String suffix) {
        return api.call(method, Api.keyPath(key) + suffix).token(Api.ADMIN).send();
    }

    private SandboxKeyStatus upstreamStatus() {
        List<SandboxKey> keys = sandbox.keysOf(user);
        return keys.stream()
                .filter(k -> k.accessKeyId().equals(key))
                .findFirst()
                .orElseThrow()
                .status();
    }

    private List<String> audit() {
        return auditEvents.actionsOf(user);
    }
}
