package io.keywarden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.sandbox.SandboxFault;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every attempted action on a key is in that key's history, whatever its outcome: read through
 * the API as an auditor reads it ({@code GET /admin/v1/audit-events?accessKeyId=}), each attempt
 * shows with the key's id, its user, who tried and how it ended.
 */
@KeywardenTest
class KeyHistoryTests extends ApplicationTestBase {

    private static final String ISSUER = "test-issuer";
    private static final String NARROW_ISSUER = "test-narrow-issuer";
    private static final String AUDITOR = "test-auditor";
    private static final String ADMIN = "test-admin";

    private final List<Expected> expected = new ArrayList<>();

    @Test
    void everyActionOnAKeyIsInItsHistoryWhateverItsOutcome() {
        rotate();
        renew();
        disableEnableDelete();
        revoke();
        // seal and acknowledge: keywarden has no such action on a key (sealed secrets and their
        // acknowledgement are not built), so there is nothing to attempt.

        SoftAssertions.assertSoftly(softly -> {
            for (Expected attempt : expected) {
                softly.assertThat(history(attempt.key()))
                        .as(attempt.why())
                        .contains(attempt.action() + " " + attempt.outcome() + " by " + attempt.actor() + " on "
                                + attempt.key() + " of " + attempt.user());
            }
        });
    }

    private void rotate() {
        Key done = key();
        Api.Answer rotated = rotate(Api.ISSUER, done);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String successor = rotated.text("accessKeyId");
        // A success changes two keys: the old one turns ROTATING (its own history says so), the new
        // one is born of the rotation (its first event).
        expect("rotate: success, the old key", done, "SUPERSEDE_ACCESS_KEY", "SUCCEEDED", ISSUER);
        expect(
                "rotate: success, the new key",
                new Key(successor, done.user()),
                "ROTATE_ACCESS_KEY",
                "SUCCEEDED",
                ISSUER);

        Key other = key();
        assertThat(rotate(Api.NARROW_ISSUER, other).status()).isEqualTo(404);
        expect("rotate: refused by scope", other, "ROTATE_ACCESS_KEY", "DENIED", NARROW_ISSUER);
        assertThat(rotate(Api.AUDITOR, other).status()).isEqualTo(403);
        expect("rotate: refused by role", other, "ROTATE_ACCESS_KEY", "DENIED", AUDITOR);

        assertThat(rotate(Api.ISSUER, done).status()).isEqualTo(409);
        expect("rotate: refused by state (ROTATING)", done, "ROTATE_ACCESS_KEY", "INVALID", ISSUER);

        Key failing = key();
        sandbox.arm(upstreamUnavailable("CreateAccessKey"));
        assertThat(rotate(Api.ISSUER, failing).status()).isEqualTo(503);
        sandbox.clearFaults();
        expect("rotate: upstream failure", failing, "ROTATE_ACCESS_KEY", "UPSTREAM_UNAVAILABLE", ISSUER);
    }

    private void renew() {
        Key leased = key("PT2H");
        assertThat(renew(Api.ISSUER, leased).status()).isEqualTo(200);
        expect("renew: success", leased, "RENEW_ACCESS_KEY", "SUCCEEDED", ISSUER);

        assertThat(renew(Api.NARROW_ISSUER, leased).status()).isEqualTo(404);
        expect("renew: refused by scope", leased, "RENEW_ACCESS_KEY", "DENIED", NARROW_ISSUER);
        assertThat(renew(Api.AUDITOR, leased).status()).isEqualTo(403);
        expect("renew: refused by role", leased, "RENEW_ACCESS_KEY", "DENIED", AUDITOR);

        Key unleased = key();
        assertThat(renew(Api.ISSUER, unleased).status()).isEqualTo(409);
        expect("renew: refused by state (no lease)", unleased, "RENEW_ACCESS_KEY", "INVALID", ISSUER);

        // Upstream failure: impossible. A lease is keywarden's own; renewing calls no upstream.
    }

    private void disableEnableDelete() {
        Key key = key();
        assertThat(admin("POST", key, "/disable").status()).isEqualTo(200);
        expect("disable: success", key, "DISABLE_ACCESS_KEY", "SUCCEEDED", ADMIN);
        assertThat(admin("POST", key, "/enable").status()).isEqualTo(200);
        expect("enable: success", key, "ENABLE_ACCESS_KEY", "SUCCEEDED", ADMIN);

        // Refused by scope: impossible. Only ADMIN may disable, enable or delete, and ADMIN manages
        // every user; any other role is refused by its role, which is audited the same way.
        assertThat(call(Api.ISSUER, "POST", key, "/disable").status()).isEqualTo(403);
        expect("disable: refused by role", key, "DISABLE_ACCESS_KEY", "DENIED", ISSUER);
        assertThat(call(Api.ISSUER, "POST", key, "/enable").status()).isEqualTo(403);
        expect("enable: refused by role", key, "ENABLE_ACCESS_KEY", "DENIED", ISSUER);
        assertThat(call(Api.AUDITOR, "DELETE", key, "").status()).isEqualTo(403);
        expect("delete: refused by role", key, "DELETE_ACCESS_KEY", "DENIED", AUDITOR);

        sandbox.arm(upstreamUnavailable("UpdateAccessKey"));
        assertThat(admin("POST", key, "/disable").status()).isEqualTo(503);
        expect("disable: upstream failure", key, "DISABLE_ACCESS_KEY", "UPSTREAM_UNAVAILABLE", ADMIN);
        assertThat(admin("POST", key, "/enable").status()).isEqualTo(503);
        expect("enable: upstream failure", key, "ENABLE_ACCESS_KEY", "UPSTREAM_UNAVAILABLE", ADMIN);
        sandbox.clearFaults();
        sandbox.arm(upstreamUnavailable("DeleteAccessKey"));
        assertThat(admin("DELETE", key, "").status()).isEqualTo(503);
        expect("delete: upstream failure", key, "DELETE_ACCESS_KEY", "UPSTREAM_UNAVAILABLE", ADMIN);
        sandbox.clearFaults();

        assertThat(admin("DELETE", key, "").status()).isEqualTo(200);
        expect("delete: success", key, "DELETE_ACCESS_KEY", "SUCCEEDED", ADMIN);
        assertThat(admin("POST", key, "/disable").status()).isEqualTo(409);
        expect("disable: refused by state (DELETED)", key, "DISABLE_ACCESS_KEY", "INVALID", ADMIN);
        assertThat(admin("POST", key, "/enable").status()).isEqualTo(409);
        expect("enable: refused by state (DELETED)", key, "ENABLE_ACCESS_KEY", "INVALID", ADMIN);
        assertThat(admin("DELETE", key, "").status()).isEqualTo(409);
        expect("delete: refused by state (DELETED)", key, "DELETE_ACCESS_KEY", "INVALID", ADMIN);
    }

    private void revoke() {
        Key revoked = key();
        startRevocation(revoked);
        runRevocationWorker();
        expect("revoke: success", revoked, "REVOKE_ACCESS_KEY", "SUCCEEDED", ADMIN);

        // Refused by scope: impossible. A revocation is ADMIN's alone and reaches every user; a
        // client refused by its role starts none, so it attempts nothing on any one key.

        Key goneMeanwhile = key();
        startRevocation(goneMeanwhile);
        assertThat(admin("DELETE", goneMeanwhile, "").status()).isEqualTo(200);
        runRevocationWorker();
        expect(
                "revoke: refused by state (deleted after the snapshot)",
                goneMeanwhile,
                "REVOKE_ACCESS_KEY",
                "INVALID",
                ADMIN);

        Key failing = key();
        startRevocation(failing);
        sandbox.arm(upstreamUnavailable("UpdateAccessKey"));
        runRevocationWorker();
        sandbox.clearFaults();
        expect("revoke: upstream failure", failing, "REVOKE_ACCESS_KEY", "UPSTREAM_UNAVAILABLE", ADMIN);
    }

    /** The key's history as an auditor reads it: "ACTION OUTCOME by actor on key of user", newest first. */
    private List<String> history(String accessKeyId) {
        Api.Answer page = api.call(
                        "GET",
                        "/admin/v1/audit-events?limit=500&accessKeyId="
                                + URLEncoder.encode(accessKeyId, StandardCharsets.UTF_8))
                .token(Api.AUDITOR)
                .send();
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().get("items").valueStream().map(KeyHistoryTests::line).toList();
    }

    private static String line(JsonNode event) {
        return event.get("action").asString() + " " + event.get("outcome").asString() + " by "
                + event.get("actor").asString() + " on " + text(event, "accessKeyId") + " of "
                + text(event, "userName");
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? "(none)" : value.asString();
    }

    /** A key of a user of its own: the sandbox holds at most two keys per user. */
    private Key key() {
        return key(null);
    }

    private Key key(String ttl) {
        String user = newUser();
        Api.Answer created = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\": \"" + user + "\"" + (ttl == null ? "" : ", \"ttl\": \"" + ttl + "\"") + "}")
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Key(created.text("accessKeyId"), user);
    }

    private Api.Answer rotate(String token, Key key) {
        return api.call("POST", Api.keyPath(key.id()) + "/rotate")
                .token(token)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
    }

    private Api.Answer renew(String token, Key key) {
        return api.call("POST", Api.keyPath(key.id()) + "/renew")
                .token(token)
                .json("{\"ttl\": \"PT3H\"}")
                .send();
    }

    private Api.Answer admin(String method, Key key, String action) {
        return call(Api.ADMIN, method, key, action);
    }

    private Api.Answer call(String token, String method, Key key, String action) {
        return api.call(method, Api.keyPath(key.id()) + action).token(token).send();
    }

    private void startRevocation(Key key) {
        Api.Answer started = api.call("POST", "/admin/v1/revocations")
                .token(Api.ADMIN)
                .json("{\"filter\": {\"userName\": \"" + key.user() + "\"}, \"reason\": \"key history\","
                        + " \"dryRun\": false}")
                .send();
        assertThat(started.status()).as(started.body()).isEqualTo(202);
    }

    private void runRevocationWorker() {
        Api.Answer ran = api.call("POST", "/admin/v1/jobs/revocation-worker/runs")
                .token(Api.ADMIN)
                .send();
        assertThat(ran.status()).as(ran.body()).isEqualTo(201);
    }

    private static SandboxFault upstreamUnavailable(String action) {
        return new SandboxFault(SandboxFault.Type.HTTP_STATUS, action, null, 503, null, null, null, null);
    }

    private void expect(String why, Key key, String action, String outcome, String actor) {
        expected.add(new Expected(why, key.id(), key.user(), action, outcome, actor));
    }

    private record Key(String id, String user) {}

    private record Expected(String why, String key, String user, String action, String outcome, String actor) {}
}
