package io.keywarden.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bulk revocation end to end over HTTP against the sandbox: the dry run, a real run that revokes
 * exactly the keys its filter matched when it started (not a later key, not another client's key,
 * not a key keywarden never issued), and one that keeps going through an upstream outage. How a
 * revocation is claimed, carried on after its worker was abandoned, retried and given up is the
 * module's own test, {@link RevocationWorkerTests}.
 */
@KeywardenTest
class RevocationTests extends ApplicationTestBase {

    private static final String REASON = "test-issuer token leaked (INC-1)";

    @Test
    void aDryRunCountsAndSamplesTheMatchesAndRevokesNothing() {
        String prefix = prefix();
        String first = create(Api.ISSUER, prefix + "-1");
        create(Api.ISSUER, prefix + "-2");

        Api.Answer dryRun = start("{\"userName\": \"" + prefix + "-*\"}", null);

        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().get("matched").asInt()).isEqualTo(2);
        assertThat(dryRun.json().get("sample").get(0).get("accessKeyId").asString())
                .isEqualTo(first);
        assertThat(sandbox.keysOf(prefix + "-1")).hasSize(1);
        assertThat(sandbox.keysOf(prefix + "-2")).hasSize(1);
    }

    @Test
    void aFilterIsRequiredAndBadFieldsAre400() {
        assertThat(start("{}", false).status()).isEqualTo(400);
        assertThat(start("{}", false).text("parameter")).isEqualTo("filter");
        assertThat(start("{\"status\": [\"DELETED\"]}", false).text("parameter"))
                .isEqualTo("filter.status");
        assertThat(api.call("POST", "/admin/v1/revocations")
                        .token(Api.ADMIN)
                        .json("{\"filter\": {\"issuedBy\": \"x\"}}")
                        .send()
                        .text("parameter"))
                .isEqualTo("reason");
    }

    @Test
    void aRevocationOfOneClientsKeysRevokesExactlyThoseAndAuditsEachWithItsIdAndReason() {
        String prefix = prefix();
        String revokedA = create(Api.ISSUER, prefix + "-1");
        String revokedB = create(Api.ISSUER, prefix + "-2");
        String otherClients = create(Api.ADMIN, prefix + "-1");
        String otherUsers = create(Api.ISSUER, newUser());
        String unmanaged = "uN8mAnaGed/" + UUID.randomUUID().toString().substring(0, 8) + "+kEy=";
        assertThat(sandbox.addKey(prefix + "-2", unmanaged)).isPresent();

        Api.Answer started = start("{\"userName\": \"" + prefix + "-*\", \"issuedBy\": \"test-issuer\"}", false);
        String later = create(Api.ISSUER, prefix + "-3");
        runWorker();

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.text("id");
        assertThat(started.header("Location")).isEqualTo("/admin/v1/revocations/" + id);
        JsonNode report = report(id);
        assertThat(report.get("state").asString()).isEqualTo("DONE");
        assertThat(report.get("matched").asInt()).isEqualTo(2);
        assertThat(report.get("revoked").asInt()).isEqualTo(2);
        assertThat(upstreamIds(prefix + "-1")).containsExactly(otherClients);
        assertThat(upstreamIds(prefix + "-2")).containsExactly(unmanaged);
        assertThat(upstreamIds(prefix + "-3")).containsExactly(later);
        assertThat(status(otherUsers)).isEqualTo("ACTIVE");
        assertThat(status(revokedA)).isEqualTo("DELETED");
        assertThat(status(revokedB)).isEqualTo("DELETED");
        assertThat(auditEvents.ofKey(revokedA).stream()
                        .filter(event -> event.action().equals("REVOKE_ACCESS_KEY"))
                        .map(event ->
                                event.actor() + " " + event.action() + " " + event.outcome() + " " + event.detail()))
                .containsExactly(
                        "test-admin REVOKE_ACCESS_KEY SUCCEEDED revocation " + id + ": " + REASON + "; status INACTIVE",
                        "test-admin REVOKE_ACCESS_KEY SUCCEEDED revocation " + id + ": " + REASON + "; status DELETED");
        assertThat(auditEvents.matching("test-admin", "START_REVOCATION", null).stream()
                        .filter(event -> event.detail().startsWith("revocation " + id + " of 2 keys")))
                .hasSize(1);
    }

    @Test
    void aRevocationKeepsRunningThroughAnUpstreamOutageAndRecordsEachFailuresReason() {
        String prefix = prefix();
        create(Api.ISSUER, prefix + "-1");
        create(Api.ISSUER, prefix + "-2");
        sandbox.arm(new SandboxFault(SandboxFault.Type.HTTP_STATUS, null, null, 503, null, null, null, null));

        String id = start("{\"userName\": \"" + prefix + "-*\"}", false).text("id");
        runWorker();

        JsonNode duringOutage = report(id);
        assertThat(duringOutage.get("state").asString()).isEqualTo("RUNNING");
        assertThat(duringOutage.get("revoked").asInt()).isZero();
        assertThat(duringOutage.get("pending").asInt()).isEqualTo(2);
        assertThat(duringOutage.get("failures")).hasSize(2);
        JsonNode failure = duringOutage.get("failures").get(0);
        assertThat(failure.get("reason").asString()).isNotBlank();
        assertThat(failure.get("attempts").asInt()).isEqualTo(1);
        assertThat(failure.get("gaveUp").asBoolean()).isFalse();

        sandbox.clearFaults();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            runWorker();
            return "DONE".equals(report(id).get("state").asString());
        });

        JsonNode after = report(id);
        assertThat(after.get("revoked").asInt()).isEqualTo(2);
        assertThat(after.get("failures")).isEmpty();
        assertThat(upstreamIds(prefix + "-1")).isEmpty();
        assertThat(upstreamIds(prefix + "-2")).isEmpty();
    }

    @Test
    void revokedKeysFreeTheirUsersSlotsUnderTheKeyLimit() {
        String user = prefix() + "-1";
        create(Api.ISSUER, user);
        create(Api.ISSUER, user);

        Api.Answer atLimit = api.createKey(Api.ISSUER, newIdempotencyKey(), user);
        Api.Answer started = start("{\"userName\": \"" + user + "\"}", false);
        runWorker();
        Api.Answer afterRevocation = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(atLimit.status()).isEqualTo(409);
        assertThat(atLimit.text("type")).endsWith("/key-limit-reached");
        assertThat(report(started.text("id")).get("state").asString()).isEqualTo("DONE");
        assertThat(afterRevocation.status()).as(afterRevocation.toString()).isEqualTo(201);
        assertThat(upstreamIds(user)).containsExactly(afterRevocation.text("accessKeyId"));
    }

    @Test
    void anUnknownRevocationIs404() {
        assertThat(api.call("GET", "/admin/v1/revocations/" + UUID.randomUUID())
                        .token(Api.ADMIN)
                        .send()
                        .status())
                .isEqualTo(404);
    }

    private Api.Answer start(String filter, Boolean dryRun) {
        return api.call("POST", "/admin/v1/revocations")
                .token(Api.ADMIN)
                .json("{\"filter\": " + filter + ", \"reason\": \"" + REASON + "\""
                        + (dryRun == null ? "" : ", \"dryRun\": " + dryRun) + "}")
                .send();
    }

    private void runWorker() {
        Api.Answer ran = api.call("POST", "/admin/v1/jobs/" + RevocationWorker.NAME + "/runs")
                .token(Api.ADMIN)
                .send();
        assertThat(ran.status()).as(ran.body()).isEqualTo(201);
    }

    private JsonNode report(String id) {
        return api.call("GET", "/admin/v1/revocations/" + id)
                .token(Api.ADMIN)
                .send()
                .json();
    }

    private String create(String token, String user) {
        Api.Answer created = api.createKey(token, newIdempotencyKey(), user);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("accessKeyId");
    }

    private String status(String key) {
        return api.call("GET", Api.keyPath(key)).token(Api.ADMIN).send().text("status");
    }

    private List<String> upstreamIds(String user) {
        return sandbox.keysOf(user).stream().map(SandboxKey::accessKeyId).toList();
    }

    private static String prefix() {
        return "team-rv" + UUID.randomUUID().toString().substring(0, 8);
    }
}
