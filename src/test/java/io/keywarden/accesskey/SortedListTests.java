package io.keywarden.accesskey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.UserNameGlob;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console's sorted key list: every order, either way, pages forth and back through exactly the
 * keys the filter matches, in the order worked out here from the seeded rows, with ties (equal
 * creation times, statuses and lease ends) broken by the order keys were recorded in, a lease that
 * never ends after every other, and a count exact up to its bound. A narrow scope's keys come out
 * in the same order as everyone's.
 */
@KeywardenTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SortedListTests extends ApplicationTestBase {

    private static final int SEEDED = 40;
    private static final Caller ADMIN = new Caller("test-admin", Set.of(Role.ADMIN), List.of());

    @Autowired
    AccessKeyQueries queries;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String seededBy = "sort-seed-" + tag;

    private List<Seeded> seeded;

    /** Keys of users {@code srt<tag>a00}, {@code srt<tag>b01}, ... with creation times, statuses and lease ends repeating. */
    @BeforeAll
    void seed(@Autowired JdbcTemplate jdbc) {
        jdbc.update(
                "INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status,"
                        + " secret_sha256, issued_by, issuance_id, created_at, expires_at, updated_at, recorded_at)"
                        + " SELECT encode(sha256(('sorted-key-' || gen_random_uuid())::bytea), 'base64'),"
                        + " 'srt' || ? || (ARRAY['a', 'b'])[1 + i % 2] || lpad(i::text, 2, '0'), 800000 + i, 'seeded',"
                        + " (ARRAY['ACTIVE', 'ROTATING', 'INACTIVE', 'DELETED'])[1 + i % 4],"
                        + " encode(sha256(('sorted-secret-' || i)::bytea), 'hex'), ?, gen_random_uuid(),"
                        + " timestamptz '2026-10-01 08:00:00+00' + (i % 7) * interval '1 minute',"
                        + " CASE WHEN i % 3 = 0 THEN NULL"
                        + " ELSE timestamptz '2026-12-01 08:00:00+00' + (i % 5) * interval '1 day' END,"
                        + " now(), now() FROM generate_series(0, ? - 1) AS i ORDER BY i",
                tag, seededBy, SEEDED);
        seeded = jdbc.query(
                "SELECT id, access_key_id, user_name, status, created_at, expires_at FROM access_key"
                        + " WHERE issued_by = ? ORDER BY id",
                (rs, n) -> new Seeded(
                        rs.getLong("id"),
                        rs.getString("access_key_id"),
                        rs.getString("user_name"),
                        rs.getString("status"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("expires_at", OffsetDateTime.class) == null
                                ? null
                                : rs.getObject("expires_at", OffsetDateTime.class)
                                        .toInstant()),
                seededBy);
        assertThat(seeded).hasSize(SEEDED);
    }

    @AfterAll
    void removeSeededKeys(@Autowired JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM access_key WHERE issued_by = ?", seededBy);
    }

    static Stream<KeyOrder> orders() {
        return Stream.of(KeyOrder.By.values())
                .flatMap(by -> Stream.of(new KeyOrder(by, false), new KeyOrder(by, true)));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void pagesForthHoldEveryKeyInOrderAndPagesBackAreTheSamePages(KeyOrder order) {
        List<List<String>> forth = new ArrayList<>();
        KeyListPage page = list(ADMIN, order, null, 100);
        assertThat(page.previousCursor()).isNull();
        forth.add(ids(page));
        while (page.nextCursor() != null) {
            page = list(ADMIN, order, page.nextCursor(), 100);
            assertThat(page.previousCursor()).isNotNull();
            forth.add(ids(page));
        }

        assertThat(forth.stream().flatMap(List::stream).toList()).isEqualTo(expected(order, seeded));
        assertThat(forth).hasSize(7);

        List<List<String>> back = new ArrayList<>();
        back.add(ids(page));
        while (page.previousCursor() != null) {
            page = list(ADMIN, order, page.previousCursor(), 100);
            back.add(ids(page));
        }
        Collections.reverse(back);
        assertThat(back).isEqualTo(forth);
        assertThat(page.nextCursor()).isNotNull();
    }

    @Test
    void aNarrowScopeListsOnlyItsUsersKeysInTheSameOrder() {
        Caller narrow = new Caller("test-narrow", Set.of(Role.ISSUER), List.of(UserNameGlob.of("srt" + tag + "a*")));
        KeyOrder order = new KeyOrder(KeyOrder.By.LEASE_END, true);
        List<Seeded> inScope = seeded.stream()
                .filter(key -> key.userName().startsWith("srt" + tag + "a"))
                .toList();

        List<String> listed = new ArrayList<>();
        KeyListPage page = list(narrow, order, null, 100);
        listed.addAll(ids(page));
        while (page.nextCursor() != null) {
            page = list(narrow, order, page.nextCursor(), 100);
            listed.addAll(ids(page));
        }

        assertThat(page.matching()).isEqualTo(SEEDED / 2);
        assertThat(listed).isEqualTo(expected(order, inScope));
    }

    @Test
    void theCountIsExactUpToItsBoundAndSaysMoreBeyond() {
        KeyOrder order = KeyOrder.NEWEST_FIRST;

        assertThat(list(ADMIN, order, null, SEEDED))
                .extracting(KeyListPage::matching, KeyListPage::moreThanMatching)
                .containsExactly((long) SEEDED, false);
        assertThat(list(ADMIN, order, null, SEEDED - 1))
                .extracting(KeyListPage::matching, KeyListPage::moreThanMatching)
                .containsExactly((long) SEEDED - 1, true);
        assertThat(list(ADMIN, order, null, 10))
                .extracting(KeyListPage::matching, KeyListPage::moreThanMatching)
                .containsExactly(10L, true);
    }

    @Test
    void aCursorOfAnotherOrderOrNoneOfOursIsRefused() {
        String cursor = list(ADMIN, KeyOrder.NEWEST_FIRST, null, 100).nextCursor();

        assertThatThrownBy(() -> list(ADMIN, new KeyOrder(KeyOrder.By.CREATED, false), cursor, 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cursor is not a cursor of this list in this order.");
        assertThatThrownBy(() -> list(ADMIN, new KeyOrder(KeyOrder.By.USER, true), cursor, 100))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> list(ADMIN, KeyOrder.NEWEST_FIRST, "not-a-cursor", 100))
                .isInstanceOf(InvalidInputException.class);
    }

    private KeyListPage list(Caller caller, KeyOrder order, String cursor, int countUpTo) {
        var filter = new AccessKeyQueries.KeyFilter(null, null, false, null, null, seededBy);
        return queries.listSorted(caller, filter, order, 6, cursor, countUpTo);
    }

    private static List<String> ids(KeyListPage page) {
        return page.items().stream().map(AccessKeyView::accessKeyId).toList();
    }

    /** The keys in {@code order}, worked out here: ties by id, a lease without an end after every other. */
    private static List<String> expected(KeyOrder order, List<Seeded> keys) {
        Comparator<Seeded> by = switch (order.by()) {
            case CREATED -> Comparator.comparing(Seeded::createdAt);
            case USER -> Comparator.comparing(Seeded::userName);
            case STATUS -> Comparator.comparing(Seeded::status);
            case LEASE_END -> Comparator.comparing(Seeded::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()));
        };
        Comparator<Seeded> ordered = by.thenComparingLong(Seeded::id);
        return keys.stream()
                .sorted(order.descending() ? ordered.reversed() : ordered)
                .map(Seeded::accessKeyId)
                .toList();
    }

    private record Seeded(
            long id, String accessKeyId, String userName, String status, Instant createdAt, Instant expiresAt) {}
}
