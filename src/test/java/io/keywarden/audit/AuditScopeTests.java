package io.keywarden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit search answers each auditor within its {@code user-names} scope, as the key reads
 * do: the narrow auditor of the tests may see {@code other-*} and {@code audit_scope-*} (an
 * underscore that is literal), the wide one ({@code *}) every event, events without a user
 * included.
 */
@KeywardenTest
class AuditScopeTests extends ApplicationTestBase {

    @Test
    void aScopedAuditorReadsNoEventOfAUserOutsideItsScope() {
        String outside = newUser();
        api.createKey(Api.ADMIN, newIdempotencyKey(), outside);

        Api.Answer byUser = search(Api.NARROW_AUDITOR, "userName=" + outside);
        Api.Answer newest = search(Api.NARROW_AUDITOR, "limit=500");

        assertThat(byUser.status()).isEqualTo(200);
        assertThat(byUser.json().get("items")).isEmpty();
        assertThat(userNames(newest)).doesNotContain(outside);
        assertThat(search(Api.AUDITOR, "userName=" + outside).json().get("items"))
                .isNotEmpty();
    }

    @Test
    void aScopedAuditorReadsTheEventsOfUsersItsGlobsMatchAndAnUnderscoreInAGlobIsLiteral() {
        String suffix = UUID.randomUUID().toString().substring(0, 12);
        String inside = "audit_scope-" + suffix;
        String lookalike = "auditXscope-" + suffix;
        String other = "other-" + suffix;
        api.createKey(Api.ADMIN, newIdempotencyKey(), inside);
        api.createKey(Api.ADMIN, newIdempotencyKey(), lookalike);
        api.createKey(Api.ADMIN, newIdempotencyKey(), other);

        Api.Answer newest = search(Api.NARROW_AUDITOR, "limit=500");

        assertThat(userNames(search(Api.NARROW_AUDITOR, "userName=" + inside))).containsOnly(inside);
        assertThat(userNames(search(Api.NARROW_AUDITOR, "userName=" + other))).containsOnly(other);
        assertThat(search(Api.NARROW_AUDITOR, "userName=" + lookalike).json().get("items"))
                .isEmpty();
        assertThat(userNames(newest)).contains(inside, other).doesNotContain(lookalike);
        assertThat(userNames(newest)).allMatch(name -> name.startsWith("other-") || name.startsWith("audit_scope-"));
    }

    @Test
    void eventsWithoutAUserAreReadOnlyByUnscopedCallers() {
        // A client whose role may not create keys is refused before any user is known: audited without one.
        Api.Answer refused = api.call("POST", "/v1/access-keys")
                .token(Api.METRICS)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\":\"other-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
                .send();
        assertThat(refused.status()).isEqualTo(403);

        assertThat(userNames(search(Api.AUDITOR, "actor=test-metrics"))).containsNull();
        assertThat(userNames(search(Api.ADMIN, "actor=test-metrics"))).containsNull();
        assertThat(search(Api.NARROW_AUDITOR, "actor=test-metrics").json().get("items"))
                .isEmpty();
        assertThat(userNames(search(Api.NARROW_AUDITOR, "limit=500"))).doesNotContainNull();
    }

    private Api.Answer search(String token, String query) {
        return api.call("GET", "/admin/v1/audit-events?" + query).token(token).send();
    }

    private static List<String> userNames(Api.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode item : answer.json().get("items")) {
            JsonNode name = item.get("userName");
            names.add(name == null || name.isNull() ? null : name.asString());
        }
        return names;
    }
}
