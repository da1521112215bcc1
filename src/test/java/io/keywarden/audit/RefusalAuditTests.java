package io.keywarden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import idp.TestIdentityProvider;
import io.keywarden.audit.internal.IdempotencyKeyDigest;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.Browser;
import io.keywarden.support.KeywardenTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriUtils;

/**
 * A refusal on an audited route is audited exactly once, whichever module refused it and
 * whichever route the attempt came by: the event names the route's action, the refusal's outcome,
 * the caller, the key the route was for, the user (the refusal's, else the key's owner) and the
 * keyed hash of the caller's idempotency key. People signed in to the console through the identity
 * provider are audited alike, under their subject and with their display name.
 */
@KeywardenTest
class RefusalAuditTests extends ApplicationTestBase {

    @Autowired
    IdempotencyKeyDigest digest;

    /** What a refused attempt is made on. */
    private enum Target {
        /** A user of its own, with no key. */
        USER,
        /** A key of a user of its own. */
        KEY,
        /** A key of a user of its own, deleted before the attempt. */
        DELETED_KEY
    }

    /**
     * One refused attempt on one route, and the event it must leave.
     *
     * @param namesUser whether the event names the user: by the refusal, or as the key's owner
     */
    private record Refusal(
            String route,
            AuditAction action,
            AuditOutcome outcome,
            String actor,
            int status,
            Target target,
            boolean namesUser,
            boolean sendsIdempotencyKey,
            Attempt attempt) {

        @Override
        public String toString() {
            return route + ": " + outcome;
        }
    }

    /** Sends the refused request for {@code key} of {@code user} under {@code idempotencyKey}. */
    @FunctionalInterface
    private interface Attempt {
        Api.Answer send(Api api, String user, String key, String idempotencyKey);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                        new Refusal(
                                "POST /v1/access-keys, out of scope",
                                AuditAction.CREATE_ACCESS_KEY,
                                AuditOutcome.DENIED,
                                "test-narrow-issuer",
                                403,
                                Target.USER,
                                true,
                                true,
                                (api, user, key, idem) -> api.createKey(Api.NARROW_ISSUER, idem, user)),
                        new Refusal(
                                "POST /v1/access-keys, description with a control character",
                                AuditAction.CREATE_ACCESS_KEY,
                                AuditOutcome.INVALID,
                                "test-issuer",
                                400,
                                Target.USER,
                                true,
                                true,
                                (api, user, key, idem) -> api.call("POST", "/v1/access-keys")
                                        .token(Api.ISSUER)
                                        .header("Idempotency-Key", idem)
                                        .json("{\"userName\":\"" + user + "\",\"description\":\"a\\u0007b\"}")
                                        .send()),
                        new Refusal(
                                "POST /v1/access-keys, ttl over the maximum",
                                AuditAction.CREATE_ACCESS_KEY,
                                AuditOutcome.INVALID,
                                "test-leased-issuer",
                                422,
                                Target.USER,
                                true,
                                true,
                                (api, user, key, idem) -> api.call("POST", "/v1/access-keys")
                                        .token(Api.LEASED_ISSUER)
                                        .header("Idempotency-Key", idem)
                                        .json("{\"userName\":\"" + user + "\",\"ttl\":\"PT2H\"}")
                                        .send()),
                        new Refusal(
                                "POST /v1/access-keys/{id}/rotate, out of scope",
                                AuditAction.ROTATE_ACCESS_KEY,
                                AuditOutcome.DENIED,
                                "test-narrow-issuer",
                                404,
                                Target.KEY,
                                true,
                                true,
                                (api, user, key, idem) -> api.call("POST", Api.keyPath(key) + "/rotate")
                                        .token(Api.NARROW_ISSUER)
                                        .header("Idempotency-Key", idem)
                                        .send()),
                        new Refusal(
                                "POST /v1/access-keys/{id}/rotate, key DELETED",
                                AuditAction.ROTATE_ACCESS_KEY,
                                AuditOutcome.INVALID,
                                "test-issuer",
                                409,
                                Target.DELETED_KEY,
                                true,
                                true,
                                (api, user, key, idem) -> api.call("POST", Api.keyPath(key) + "/rotate")
                                        .token(Api.ISSUER)
                                        .header("Idempotency-Key", idem)
                                        .send()),
                        new Refusal(
                                "POST /v1/access-keys/{id}/renew, no lease",
                                AuditAction.RENEW_ACCESS_KEY,
                                AuditOutcome.INVALID,
                                "test-issuer",
                                409,
                                Target.KEY,
                                true,
                                false,
                                (api, user, key, idem) -> api.call("POST", Api.keyPath(key) + "/renew")
                                        .token(Api.ISSUER)
                                        .send()),
                        new Refusal(
                                "POST /v1/access-keys/{id}/disable, key DELETED",
                                AuditAction.DISABLE_ACCESS_KEY,
                                AuditOutcome.INVALID,
                                "test-admin",
                                409,
                                Target.DELETED_KEY,
                                true,
                                false,
                                (api, user, key, idem) -> api.call("POST", Api.keyPath(key) + "/disable")
                                        .token(Api.ADMIN)
                                        .send()),
                        new Refusal(
                                "POST /v1/access-keys/{id}/enable, key DELETED",
                                AuditAction.ENABLE_ACCESS_KEY,
                                AuditOutcome.INVALID,
                                "test-admin",
                                409,
                                Target.DELETED_KEY,
                                true,
                                false,
                                (api, user, key, idem) -> api.call("POST", Api.keyPath(key) + "/enable")
                                        .token(Api.ADMIN)
                                        .send()),
                        new Refusal(
                                "DELETE /v1/access-keys/{id}, key DELETED",
                                AuditAction.DELETE_ACCESS_KEY,
                                AuditOutcome.INVALID,
                                "test-admin",
                                409,
                                Target.DELETED_KEY,
                                true,
                                false,
                                (api, user, key, idem) -> api.call("DELETE", Api.keyPath(key))
                                        .token(Api.ADMIN)
                                        .send()),
                        new Refusal(
                                "POST /v1/compat, unknown action",
                                AuditAction.CREATE_ACCESS_KEY,
                                AuditOutcome.INVALID,
                                "test-issuer",
                                200,
                                Target.USER,
                                false,
                                true,
                                (api, user, key, idem) ->
                                        compat(api, Api.ISSUER, idem, "Action=DeleteEverything&UserName=" + user)),
                        new Refusal(
                                "POST /v1/compat, out of scope",
                                AuditAction.CREATE_ACCESS_KEY,
                                AuditOutcome.DENIED,
                                "test-narrow-issuer",
                                200,
                                Target.USER,
                                true,
                                true,
                                (api, user, key, idem) -> compat(
                                        api, Api.NARROW_ISSUER, idem, "Action=CreateAccessKey&UserName=" + user)),
                        new Refusal(
                                "GET /v1/compat, reused idempotency key",
                                AuditAction.CREATE_ACCESS_KEY,
                                AuditOutcome.INVALID,
                                "test-issuer",
                                200,
                                Target.USER,
                                true,
                                true,
                                (api, user, key, idem) -> {
                                    api.call("GET", "/v1/compat?Action=CreateAccessKey&UserName=" + user)
                                            .token(Api.ISSUER)
                                            .header("Idempotency-Key", idem)
                                            .send();
                                    return api.call(
                                                    "GET",
                                                    "/v1/compat?Action=CreateAccessKey&UserName=" + user
                                                            + "&Description=another")
                                            .token(Api.ISSUER)
                                            .header("Idempotency-Key", idem)
                                            .send();
                                }))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aRefusalOnAnAuditedRouteIsAuditedOnceWithItsActionUserKeyAndIdempotencyKey(Refusal refusal) {
        String user = refusal.actor().equals("test-leased-issuer") ? "lease-" + newUser() : newUser();
        String key = switch (refusal.target()) {
            case USER -> null;
            case KEY -> newKey(user);
            case DELETED_KEY -> deleted(newKey(user));
        };
        String idempotencyKey = newIdempotencyKey();
        long mark = lastEventId();

        Api.Answer answer = refusal.attempt().send(api, user, key, idempotencyKey);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(refusal.status());
        List<Map<String, Object>> events = jdbc.queryForList(
                "SELECT actor, action, outcome, user_name, access_key_id, idempotency_key, request_id FROM audit_event"
                        + " WHERE id > ? AND outcome <> 'SUCCEEDED'"
                        + " AND (user_name = ? OR access_key_id = ? OR idempotency_key = ?)",
                mark,
                user,
                key,
                digest.digest(idempotencyKey));
        assertThat(events).as("the refusal's events").hasSize(1);
        Map<String, Object> event = events.get(0);
        assertThat(event.get("actor")).isEqualTo(refusal.actor());
        assertThat(event.get("action")).isEqualTo(refusal.action().name());
        assertThat(event.get("outcome")).isEqualTo(refusal.outcome().name());
        assertThat(event.get("user_name")).isEqualTo(refusal.namesUser() ? user : null);
        assertThat(event.get("access_key_id")).isEqualTo(key);
        assertThat(event.get("idempotency_key"))
                .isEqualTo(refusal.sendsIdempotencyKey() ? digest.digest(idempotencyKey) : null);
        assertThat(event.get("request_id")).isEqualTo(answer.header("X-Request-Id"));
    }

    @Test
    void aPersonSignedInThroughTheProviderIsAuditedWhenTheServiceRefusesTheirRotation() {
        String user = newUser();
        String key = deleted(newKey(user));
        Browser browser = signedIn("ivy");
        HttpResponse<String> keyPage = browser.get(consoleUrl(key));
        String idempotencyKey = newIdempotencyKey();
        long mark = lastEventId();

        HttpResponse<String> refused =
                browser.post(keyPage, consoleUrl(key) + "/rotate", Map.of("idempotencyKey", idempotencyKey));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        List<Map<String, Object>> events = eventsSince(mark, key);
        assertThat(events).hasSize(1);
        assertThat(events.get(0))
                .containsEntry("actor", "person:" + TestIdentityProvider.subjectOf("ivy"))
                .containsEntry("action", "ROTATE_ACCESS_KEY")
                .containsEntry("outcome", "INVALID")
                .containsEntry("user_name", user)
                .containsEntry("idempotency_key", digest.digest(idempotencyKey));
        assertThat((String) events.get(0).get("detail")).endsWith("; signed in as ivy");
    }

    @Test
    void aPersonSignedInThroughTheProviderIsAuditedWhenTheConsoleRefusesTheirConfirmation() {
        String user = newUser();
        String key = newKey(user);
        Browser browser = signedIn("ada");
        HttpResponse<String> keyPage = browser.get(consoleUrl(key));
        long mark = lastEventId();

        HttpResponse<String> refused =
                browser.post(keyPage, consoleUrl(key) + "/disable", Map.of("confirmation", "not the user"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        List<Map<String, Object>> events = eventsSince(mark, key);
        assertThat(events).hasSize(1);
        assertThat(events.get(0))
                .containsEntry("actor", "person:" + TestIdentityProvider.subjectOf("ada"))
                .containsEntry("action", "DISABLE_ACCESS_KEY")
                .containsEntry("outcome", "INVALID")
                .containsEntry("user_name", user);
        assertThat((String) events.get(0).get("detail"))
                .startsWith("Type the key's user name")
                .endsWith("; signed in as ada");
    }

    private Browser signedIn(String login) {
        Browser browser = new Browser();
        HttpResponse<String> page =
                browser.signInAt(browser.get("http://127.0.0.1:" + port + "/console"), login, login + "-password");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return browser;
    }

    private String consoleUrl(String key) {
        return "http://127.0.0.1:" + port + "/console/keys/" + UriUtils.encodePathSegment(key, StandardCharsets.UTF_8);
    }

    private List<Map<String, Object>> eventsSince(long mark, String key) {
        return jdbc.queryForList(
                "SELECT actor, action, outcome, user_name, idempotency_key, detail FROM audit_event"
                        + " WHERE id > ? AND access_key_id = ? ORDER BY id",
                mark,
                key);
    }

    private long lastEventId() {
        return jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM audit_event", Long.class);
    }

    /** A key of {@code user}, created over the API by the test issuer. */
    private String newKey(String user) {
        Api.Answer created = api.createKey(Api.ISSUER, UUID.randomUUID().toString(), user);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("accessKeyId");
    }

    /** {@code key}, deleted by an administrator first. */
    private String deleted(String key) {
        Api.Answer deleted =
                api.call("DELETE", Api.keyPath(key)).token(Api.ADMIN).send();
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        return key;
    }

    private static Api.Answer compat(Api api, String token, String idempotencyKey, String form) {
        return api.call("POST", "/v1/compat")
                .token(token)
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form)
                .send();
    }
}
