package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditAction;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.UserNameGlob;
import io.keywarden.platform.reads.ScopedKeyset;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A scoped audit search answers, page after page, exactly the events of the users its globs
 * match, newest first, whether the scope is narrow (its events read from the pattern index) or
 * holds more events than a round may read (the log walked backwards), and with a filter that
 * another index serves. Expected pages come from the seeded events, matched in Java.
 */
@KeywardenTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopedAuditSearchTests {

    /** Six users of seven events each get one: a whole seed's scope overflows the first round. */
    static final int SEEDED = ScopedKeyset.FIRST_REACH * 3;

    @Autowired
    AuditEventSearch search;

    AuditSeed seed;

    @BeforeAll
    void seed(@Autowired JdbcTemplate jdbc, @Autowired TransactionTemplate transactions, @Autowired AuditChain chain) {
        seed = AuditSeed.append(jdbc, transactions, chain, SEEDED);
        jdbc.execute("ANALYZE audit_event");
    }

    @Test
    void aNarrowScopePagesThroughItsUsersEventsNewestFirst() {
        Caller caller = caller(seed.userName(1), "seed-" + seed.tag + "-user-2*");

        assertThat(walk(caller, null, 7)).isEqualTo(expected(caller, e -> true));
        assertThat(walk(caller, null, 500)).isEqualTo(expected(caller, e -> true));
    }

    @Test
    void aBroadScopePagesThroughEveryMatchingEventNewestFirst() {
        Caller caller = caller("seed-" + seed.tag + "-*");
        List<Long> expected = expected(caller, e -> true);

        assertThat(expected).hasSizeGreaterThan(ScopedKeyset.FIRST_REACH);
        assertThat(walk(caller, null, 500)).isEqualTo(expected);
        assertThat(walk(caller, null, 1).subList(0, 20)).isEqualTo(expected.subList(0, 20));
    }

    @Test
    void aFilterWithItsOwnIndexAnswersTheSameEventsInABroadScope() {
        Caller caller = caller("seed-" + seed.tag + "-*", "nobody-?");
        AuditAction action = AuditAction.valueOf(seed.events.get(3).action());

        assertThat(walk(caller, action, 13))
                .isEqualTo(expected(caller, e -> e.action().equals(action.name())))
                .isNotEmpty();
    }

    @Test
    void aScopeWithNoEventsAnswersAnEmptyLastPage() {
        AuditEventPage page = search.search(filter(null, 50, null), caller("seed-" + seed.tag + "-nobody*"));

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    private List<Long> walk(Caller caller, AuditAction action, int limit) {
        List<Long> ids = new ArrayList<>();
        Long before = null;
        while (true) {
            AuditEventPage page = search.search(filter(action, limit, before), caller);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().forEach(event -> ids.add(event.id()));
            if (page.nextCursor() == null || ids.size() > SEEDED) {
                return ids;
            }
            assertThat(page.items()).hasSize(limit);
            before = AuditEventCursor.decode(page.nextCursor());
        }
    }

    private List<Long> expected(Caller caller, Predicate<StoredAuditEvent> matches) {
        return seed.events.stream()
                .filter(e -> e.userName() != null && caller.mayManage(e.userName()))
                .filter(matches)
                .map(StoredAuditEvent::id)
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    private static AuditEventFilter filter(AuditAction action, int limit, Long before) {
        return new AuditEventFilter(null, null, action, null, null, null, limit, before, null);
    }

    private static Caller caller(String... globs) {
        return new Caller(
                "scoped-auditor",
                Set.of(Role.AUDITOR),
                List.of(globs).stream().map(UserNameGlob::of).toList());
    }
}
