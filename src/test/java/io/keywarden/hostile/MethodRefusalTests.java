package io.keywarden.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Only the methods a route documents may act on it. Spring MVC answers {@code HEAD} with a {@code
 * GET} handler, so the upstream-shaped create by query string refuses {@code HEAD} itself (it
 * would create a key whose secret nobody receives); every route that creates, rotates, renews,
 * changes or revokes answers any other method with 405 and {@code Allow}, and nothing changes
 * upstream or in keywarden. {@code OPTIONS} only says what the route takes.
 */
@KeywardenTest
class MethodRefusalTests extends ApplicationTestBase {

    @Test
    void headOnTheCompatQueryCreatesNoKeyAndIs405AndAudited() {
        String user = newUser();
        long before = methodRefusalsAudited();

        Api.Answer answer = api.call("HEAD", "/v1/compat?Action=CreateAccessKey&UserName=" + user)
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).contains("GET").contains("POST").doesNotContain("HEAD");
        assertThat(sandbox.keysOf(user)).isEmpty();
        assertThat(api.call("GET", "/v1/access-keys?userName=" + user)
                        .token(Api.ADMIN)
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(methodRefusalsAudited()).isEqualTo(before + 1);
    }

    @Test
    void theCompatQueryStillCreatesByGet() {
        String user = newUser();

        Api.Answer answer = api.call("GET", "/v1/compat?Action=CreateAccessKey&UserName=" + user)
                .token(Api.ISSUER)
                .send();

        assertThat(answer.json().get("RetCode").asInt()).as(answer.toString()).isZero();
        assertThat(sandbox.keysOf(user)).hasSize(1);
    }

    @Test
    void optionsOnCompatNamesOnlyTheMethodsThatCreate() {
        Api.Answer answer = api.call("OPTIONS", "/v1/compat").token(Api.ISSUER).send();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Allow")).contains("GET").contains("POST").doesNotContain("HEAD");
    }

    @Test
    void noOtherMethodOnAnyActingRouteChangesAnything() {
        String user = newUser();
        String id = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        String key = Api.keyPath(id);
        Map<String, List<String>> routes = Map.of(
                "/v1/compat?Action=CreateAccessKey&UserName=" + user,
                List.of("HEAD", "PUT", "PATCH", "DELETE", "TRACE"),
                "/v1/access-keys",
                List.of("PUT", "PATCH", "DELETE", "TRACE"),
                key + "/rotate",
                List.of("GET", "HEAD", "PUT", "PATCH", "DELETE", "TRACE"),
                key + "/renew",
                List.of("GET", "HEAD", "PUT", "PATCH", "DELETE", "TRACE"),
                key + "/disable",
                List.of("GET", "HEAD", "PUT", "PATCH", "DELETE", "TRACE"),
                key + "/enable",
                List.of("GET", "HEAD", "PUT", "PATCH", "DELETE", "TRACE"),
                key,
                List.of("POST", "PUT", "PATCH", "TRACE"),
                "/admin/v1/revocations",
                List.of("HEAD", "PUT", "PATCH", "DELETE", "TRACE"),
                "/admin/v1/jobs/lease-expiry/runs",
                List.of("GET", "HEAD", "PUT", "PATCH", "DELETE", "TRACE"),
                "/admin/v1/ambiguous-orphans/00000000-0000-0000-0000-000000000000/resolution",
                List.of("GET", "HEAD", "PUT", "PATCH", "DELETE", "TRACE"));
        long[] before = upstreamChanges();

        routes.forEach((path, methods) -> {
            for (String method : methods) {
                Api.Answer answer = api.call(method, path)
                        .token(Api.ADMIN)
                        .header("Idempotency-Key", newIdempotencyKey())
                        .header("Content-Type", "application/json")
                        .body("{\"userName\":\"" + user + "\",\"filter\":{\"userName\":\"" + user + "\"},"
                                + "\"dryRun\":false,\"reason\":\"method matrix\"}")
                        .send();

                assertThat(answer.status())
                        .as(method + " " + path + ": " + answer)
                        .isEqualTo(405);
                assertThat(answer.header("Allow")).as(method + " " + path).isNotBlank();
                assertThat(answer.header("Allow")).as(method + " " + path).doesNotContain(method);
            }
            Api.Answer options = api.call("OPTIONS", path).token(Api.ADMIN).send();
            assertThat(options.status()).as("OPTIONS " + path).isEqualTo(200);
        });

        assertThat(upstreamChanges()).containsExactly(before);
        assertThat(sandbox.keysOf(user)).hasSize(1);
        assertThat(api.call("GET", key).token(Api.ADMIN).send().text("status")).isEqualTo("ACTIVE");
    }

    private long[] upstreamChanges() {
        return new long[] {
            sandbox.callCount("CreateAccessKey"),
            sandbox.callCount("UpdateAccessKey"),
            sandbox.callCount("DeleteAccessKey")
        };
    }

    private long methodRefusalsAudited() {
        Api.Answer page = api.call(
                        "GET",
                        "/admin/v1/audit-events?actor=test-issuer&action=CREATE_ACCESS_KEY&outcome=INVALID&limit=200")
                .token(Api.ADMIN)
                .send();
        long count = 0;
        for (var item : page.json().get("items")) {
            if (item.get("detail").asString().startsWith("405 ")) {
                count++;
            }
        }
        return count;
    }
}
