package io.keywarden.identity;

import static org.assertj.core.api.Assertions.assertThat;

import idp.TestIdentityProvider;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;

/**
 * Every endpoint against every kind of caller: no token, a wrong token, each role, a client whose
 * role fits but whose user-name scope does not, and identity-provider JWTs of clients with each
 * kind of role or of a subject no client has. Refusals are problem details. METRICS
 * reads the metrics and nothing else.
 */
@KeywardenTest
class AccessMatrixTests {

    enum Caller {
        NONE(null, null),
        WRONG("wrong-token", null),
        ISSUER(Api.ISSUER, null),
        AUDITOR(Api.AUDITOR, null),
        ADMIN(Api.ADMIN, null),
        METRICS(Api.METRICS, null),
        OUT_OF_SCOPE(Api.NARROW_ISSUER, null),
        // The identity provider's client-credentials tokens, each answered as its static twin.
        JWT_ISSUER(null, "svc-issuer"),
        JWT_AUDITOR(null, "svc-auditor"),
        JWT_ADMIN(null, "svc-admin"),
        JWT_UNKNOWN_SUBJECT(null, "svc-stranger");

        private final String staticToken;
        private final String serviceClient;

        Caller(String staticToken, String serviceClient) {
            this.staticToken = staticToken;
            this.serviceClient = serviceClient;
        }

        String token() {
            return serviceClient == null
                    ? staticToken
                    : TestIdentityProvider.shared().clientCredentialsToken(serviceClient);
        }

        /** The static-token caller this one must be answered like. */
        Caller answeredAs() {
            return switch (this) {
                case JWT_ISSUER -> ISSUER;
                case JWT_AUDITOR -> AUDITOR;
                case JWT_ADMIN -> ADMIN;
                case JWT_UNKNOWN_SUBJECT -> WRONG;
                default -> this;
            };
        }
    }

    /** One endpoint: which roles may call it, what success looks like, and what a caller outside its scope gets. */
    record Endpoint(String method, String path, String body, Set<Caller> allowed, int success, int outOfScope) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(
                    "POST",
                    "/v1/access-keys",
                    "{\"userName\":\"{user}\"}",
                    Set.of(Caller.ISSUER, Caller.ADMIN),
                    201,
                    403),
            new Endpoint(
                    "GET",
                    "/v1/access-keys?userName={user}",
                    null,
                    Set.of(Caller.ISSUER, Caller.AUDITOR, Caller.ADMIN),
                    200,
                    200),
            new Endpoint(
                    "GET",
                    "/v1/access-keys/{key}",
                    null,
                    Set.of(Caller.ISSUER, Caller.AUDITOR, Caller.ADMIN),
                    200,
                    404),
            new Endpoint("POST", "/v1/access-keys/{key}/disable", null, Set.of(Caller.ADMIN), 200, 403),
            new Endpoint("POST", "/v1/access-keys/{key}/enable", null, Set.of(Caller.ADMIN), 200, 403),
            new Endpoint("DELETE", "/v1/access-keys/{key}", null, Set.of(Caller.ADMIN), 200, 403),
            new Endpoint("POST", "/v1/access-keys/{key}/rotate", null, Set.of(Caller.ISSUER, Caller.ADMIN), 201, 404),
            // The key has no lease: a caller the route lets in gets as far as the 409 that says so.
            new Endpoint("POST", "/v1/access-keys/{key}/renew", null, Set.of(Caller.ISSUER, Caller.ADMIN), 409, 404),
            new Endpoint(
                    "POST",
                    "/admin/v1/revocations",
                    "{\"filter\":{\"userName\":\"{user}\"},\"reason\":\"access matrix\"}",
                    Set.of(Caller.ADMIN),
                    200,
                    403),
            new Endpoint("GET", "/admin/v1/revocations/" + UUID.randomUUID(), null, Set.of(Caller.ADMIN), 404, 403),
            new Endpoint(
                    "POST",
                    "/v1/compat?Action=CreateAccessKey&UserName={user}",
                    null,
                    Set.of(Caller.ISSUER, Caller.ADMIN),
                    200,
                    200),
            new Endpoint("GET", "/admin/v1/audit-events?limit=5", null, Set.of(Caller.AUDITOR, Caller.ADMIN), 200, 403),
            new Endpoint(
                    "GET", "/admin/v1/audit-events/verification", null, Set.of(Caller.AUDITOR, Caller.ADMIN), 200, 403),
            new Endpoint("GET", "/admin/v1/jobs", null, Set.of(Caller.ADMIN), 200, 403),
            new Endpoint("POST", "/admin/v1/jobs/issuance-purge/runs", null, Set.of(Caller.ADMIN), 201, 403),
            new Endpoint("GET", "/admin/v1/ambiguous-orphans", null, Set.of(Caller.ADMIN), 200, 403),
            // No report is open for a fresh id: ADMIN gets as far as the 404.
            new Endpoint(
                    "POST",
                    "/admin/v1/ambiguous-orphans/" + UUID.randomUUID() + "/resolution",
                    "{\"revoke\":\"none\"}",
                    Set.of(Caller.ADMIN),
                    404,
                    403),
            new Endpoint("GET", "/admin/v1/clients", null, Set.of(Caller.ADMIN), 200, 403),
            // No client has that name: ADMIN gets as far as the 404, and nothing changes.
            new Endpoint(
                    "PUT",
                    "/admin/v1/clients/no-such-client/seal-to",
                    "{\"publicKey\":\"eWAevObVY6ckTxrWIRVzG/PIE33rdBi0XwtK8WFsIhs=\"}",
                    Set.of(Caller.ADMIN),
                    404,
                    403),
            new Endpoint("DELETE", "/admin/v1/clients/no-such-client/seal-to", null, Set.of(Caller.ADMIN), 404, 403),
            // Nothing stands to acknowledge: ADMIN gets as far as the 409.
            new Endpoint(
                    "POST",
                    "/admin/v1/audit-checkpoints/loss-acknowledgements",
                    "{\"reason\":\"access matrix\"}",
                    Set.of(Caller.ADMIN),
                    409,
                    403),
            new Endpoint("GET", "/actuator/prometheus", null, Set.of(Caller.METRICS, Caller.ADMIN), 200, 403),
            new Endpoint("GET", "/actuator/health", null, Set.of(Caller.values()), 200, 200));

    @Value("${server.port}")
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(endpoint, caller));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void eachEndpointAnswersEachCallerAsItsRoleAndScopeAllow(Endpoint endpoint, Caller caller) {
        String user = "team-" + UUID.randomUUID().toString().substring(0, 12);
        String key =
                api.createKey(Api.ADMIN, "matrix-" + UUID.randomUUID(), user).text("accessKeyId");
        String path = endpoint.path().replace("{user}", user).replace("/v1/access-keys/{key}", Api.keyPath(key));
        Api.Call call = api.call(endpoint.method(), path).header("Idempotency-Key", "matrix-" + UUID.randomUUID());
        String token = caller.token();
        if (token != null) {
            call.token(token);
        }
        if (endpoint.body() != null) {
            call.json(endpoint.body().replace("{user}", user));
        }

        Api.Answer answer = call.send();

        int expected = expectedStatus(endpoint, caller.answeredAs());
        assertThat(answer.status()).as(answer.body()).isEqualTo(expected);
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("Cache-Control")).contains("no-store");
        if (expected >= 400) {
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().get("status").asInt()).isEqualTo(expected);
            assertThat(answer.text("title")).isNotBlank();
            assertThat(answer.text("detail")).isNotBlank();
        }
        if (caller == Caller.OUT_OF_SCOPE && endpoint.path().startsWith("/v1/access-keys?") && expected == 200) {
            assertThat(answer.json().get("items")).isEmpty();
        }
        if (caller == Caller.OUT_OF_SCOPE && endpoint.path().startsWith("/v1/compat")) {
            assertThat(answer.json().get("RetCode").asInt()).isEqualTo(9403);
        }
    }

    private static int expectedStatus(Endpoint endpoint, Caller caller) {
        if (endpoint.allowed().contains(Caller.NONE)) {
            return caller == Caller.WRONG ? 401 : endpoint.success();
        }
        if (caller == Caller.NONE || caller == Caller.WRONG) {
            return 401;
        }
        if (caller == Caller.OUT_OF_SCOPE) {
            return endpoint.allowed().contains(Caller.ISSUER) ? endpoint.outOfScope() : 403;
        }
        return endpoint.allowed().contains(caller) ? endpoint.success() : 403;
    }
}
