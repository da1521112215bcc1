package io.keywarden.accesskey;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.identity.UserNameGlob;
import io.keywarden.platform.reads.ScopedKeyset;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A scoped key list answers, page after page, exactly the keys a client's globs match, in id
 * order, whichever way the database finds them: from the scope's narrow ranges of the pattern
 * index, or by walking the id order when a range holds more keys than a round may read. The
 * client's globs hold {@code _}, {@code %} and {@code \}, each literal, beside names that would
 * match were they wildcards; the seeded key ids are Base64 with {@code + / =}. Expected pages are
 * worked out here from every key in the table, with the globs matched in Java.
 */
@KeywardenTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopedPagingTests extends ApplicationTestBase {

    /** The paging reader's globs (application-test.yml). */
    private static final List<UserNameGlob> GLOBS = List.of("pg_x-*", "pg%y-?", "pg\\z*", "pgexact").stream()
            .map(UserNameGlob::of)
            .toList();

    /** In scope, then the look-alike a wildcard reading of the glob would let in. */
    private static final List<String> NAMES = List.of(
            "pg_x-a",
            "pgXx-a",
            "pg%y-1",
            "pgQQy-1",
            "pg%y-12",
            "pg\\z-1",
            "pgz-1",
            "pg\\\\z-1",
            "pgexact",
            "pgexactly",
            "pgexac");

    /** More keys than the first round reads of one range, so pages also come from the id walk. */
    private static final int BULK = ScopedKeyset.FIRST_REACH + 300;

    @BeforeAll
    void seed(@Autowired JdbcTemplate jdbc) {
        seed(jdbc, "'pg-filler-' || i", 1500);
        seed(jdbc, names(), 3 * NAMES.size());
        seed(jdbc, "'pg_x-bulk-' || (i % 37)", BULK);
        seed(jdbc, names(), 3 * NAMES.size());
        jdbc.update("UPDATE access_key SET status = 'INACTIVE' WHERE issued_by = 'paging-seed' AND id % 5 = 0");
        jdbc.update("UPDATE access_key SET expires_at = now() + interval '30 minutes'"
                + " WHERE issued_by = 'paging-seed' AND id % 7 = 0");
        jdbc.execute("ANALYZE access_key");
    }

    @AfterAll
    void removeSeededKeys(@Autowired JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM access_key WHERE issued_by = 'paging-seed'");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 500})
    void everyPageHoldsTheNextKeysInScopeInIdOrder(int limit) {
        List<String> expected = expected(null);
        int pages = limit == 1 ? 60 : Integer.MAX_VALUE;

        List<String> listed = walk("", limit, pages);

        assertThat(expected).hasSizeGreaterThan(BULK);
        assertThat(listed).isEqualTo(limit == 1 ? expected.subList(0, 60) : expected);
    }

    @Test
    void aStatusFilterPagesThroughTheScopesKeysInThatStatus() {
        List<String> expected = expected("INACTIVE");

        assertThat(walk("&status=INACTIVE", 11, Integer.MAX_VALUE)).isEqualTo(expected);
        assertThat(walk("&status=ACTIVE", 250, Integer.MAX_VALUE)).isEqualTo(expected("ACTIVE"));
    }

    @Test
    void aFilterWithAnIndexOfItsOwnAnswersTheSameKeys() {
        List<String> expiring =
                expected(null).stream().filter(expiringSoon()::contains).toList();

        assertThat(expiring).isNotEmpty();
        assertThat(walk("&expiringWithin=PT1H", 50, Integer.MAX_VALUE)).isEqualTo(expiring);
    }

    @Test
    void theSeededIdsHoldEveryBase64SpecialCharacterAndTheSpecialNamesAreInScopeOrNot() {
        List<String> ids = expected(null);
        Map<String, String> users = userNames();

        assertThat(String.join("", ids)).contains("+", "/", "=");
        assertThat(ids.stream().map(users::get).distinct())
                .contains("pg_x-a", "pg%y-1", "pg\\z-1", "pgexact")
                .doesNotContain("pgXx-a", "pgQQy-1", "pg%y-12", "pgz-1", "pg\\\\z-1", "pgexactly", "pgexac");
    }

    @Test
    void aCursorFromTheMiddleOfTheScopeContinuesRightAfterItsKey() {
        List<String> all = expected(null);
        int middle = Math.min(all.size() / 2, 500);
        Api.Answer first = list("?limit=" + middle);

        Api.Answer next =
                list("?limit=5&cursor=" + first.json().get("nextCursor").asString());

        assertThat(next.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        next.json().get("items").forEach(item -> ids.add(item.get("accessKeyId").asString()));
        assertThat(ids).isEqualTo(all.subList(middle, middle + 5));
    }

    /** The key ids in the paging reader's scope, in id order, optionally in one status. */
    private List<String> expected(String status) {
        return jdbc
                .query("SELECT access_key_id, user_name, status FROM access_key ORDER BY id", (rs, n) -> {
                    String name = rs.getString("user_name");
                    boolean inScope = GLOBS.stream().anyMatch(glob -> glob.matches(name));
                    boolean inStatus = status == null || status.equals(rs.getString("status"));
                    return inScope && inStatus ? rs.getString("access_key_id") : null;
                })
                .stream()
                .filter(id -> id != null)
                .toList();
    }

    private List<String> expiringSoon() {
        return jdbc.queryForList(
                "SELECT access_key_id FROM access_key WHERE issued_by = 'paging-seed' AND expires_at IS NOT NULL",
                String.class);
    }

    private Map<String, String> userNames() {
        Map<String, String> users = new HashMap<>();
        jdbc.query("SELECT access_key_id, user_name FROM access_key WHERE issued_by = 'paging-seed'", rs -> {
            users.put(rs.getString(1), rs.getString(2));
        });
        return users;
    }

    private List<String> walk(String query, int limit, int maxPages) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < maxPages; pages++) {
            Api.Answer page = list("?limit=" + limit + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            JsonNode items = page.json().get("items");
            assertThat(items.size()).isLessThanOrEqualTo(limit);
            for (JsonNode item : items) {
                ids.add(item.get("accessKeyId").asString());
            }
            JsonNode next = page.json().get("nextCursor");
            if (next == null || next.isNull()) {
                break;
            }
            assertThat(items.size()).isEqualTo(limit);
            cursor = next.asString();
        }
        return ids;
    }

    private Api.Answer list(String query) {
        return api.call("GET", "/v1/access-keys" + query)
                .token(Api.PAGING_READER)
                .send();
    }

    /** A SQL expression of the row number {@code i} naming users round {@link #NAMES}. */
    private static String names() {
        StringBuilder sql = new StringBuilder("(ARRAY[");
        for (int n = 0; n < NAMES.size(); n++) {
            sql.append(n == 0 ? "" : ", ")
                    .append("'")
                    .append(NAMES.get(n).replace("'", "''"))
                    .append("'");
        }
        return sql.append("])[1 + i % ").append(NAMES.size()).append("]").toString();
    }

    private static void seed(JdbcTemplate jdbc, String userName, int count) {
        jdbc.update("INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status,"
                + " secret_sha256, issued_by, issuance_id, created_at, updated_at, recorded_at)"
                + " SELECT encode(sha256(('paging-key-' || gen_random_uuid())::bytea), 'base64'), " + userName
                + ", 700000 + i, 'seeded', 'ACTIVE', encode(sha256(('paging-secret-' || i)::bytea), 'hex'),"
                + " 'paging-seed', gen_random_uuid(), now(), now(), now() FROM generate_series(1, " + count
                + ") AS i ORDER BY i");
    }
}
