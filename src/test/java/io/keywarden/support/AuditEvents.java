package io.keywarden.support;

import io.keywarden.audit.AuditTrail;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.UserNameGlob;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The audit log as a test reads it: through the audit module's API ({@link AuditTrail}), the same
 * search the console and the HTTP API answer with, as an auditor who sees every user and what
 * concerns no user. Never the {@code audit_event} table, which is the audit module's own.
 */
public final class AuditEvents {

    private static final Caller READER =
            new Caller("test-audit-reader", Set.of(Role.AUDITOR), List.of(UserNameGlob.of("*")));
    private static final String PAGE = "500";

    private final AuditTrail trail;

    public AuditEvents(AuditTrail trail) {
        this.trail = trail;
    }

    /** Every event of the user, oldest first. */
    public List<AuditTrail.Event> ofUser(String userName) {
        return all(new AuditTrail.Query(userName, null, null, null, null, null, null, PAGE, null));
    }

    /** Every event of the key, oldest first. */
    public List<AuditTrail.Event> ofKey(String accessKeyId) {
        return all(new AuditTrail.Query(null, null, null, null, null, null, accessKeyId, PAGE, null));
    }

    /** Every event with that actor, action and outcome (each {@code null} for any), oldest first. */
    public List<AuditTrail.Event> matching(String actor, String action, String outcome) {
        return all(new AuditTrail.Query(null, actor, action, outcome, null, null, null, PAGE, null));
    }

    /** The newest event of the whole log that {@code matches}, if any. */
    public Optional<AuditTrail.Event> newest(Predicate<AuditTrail.Event> matches) {
        String cursor = null;
        do {
            AuditTrail.Page page =
                    trail.search(READER, new AuditTrail.Query(null, null, null, null, null, null, null, PAGE, cursor));
            Optional<AuditTrail.Event> found =
                    page.items().stream().filter(matches).findFirst();
            if (found.isPresent()) {
                return found;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return Optional.empty();
    }

    /** The id of the newest event in the log, or 0 when it is empty: later events have greater ids. */
    public long newestId() {
        List<AuditTrail.Event> newest = trail.search(
                        READER, new AuditTrail.Query(null, null, null, null, null, null, null, "1", null))
                .items();
        return newest.isEmpty() ? 0 : newest.get(0).id();
    }

    /** Every event of the user after the event {@code mark}, oldest first. */
    public List<AuditTrail.Event> ofUserAfter(String userName, long mark) {
        return ofUser(userName).stream().filter(event -> event.id() > mark).toList();
    }

    /** "ACTION OUTCOME" of the user's events, oldest first. */
    public List<String> actionsOf(String userName) {
        return ofUser(userName).stream()
                .map(event -> event.action() + " " + event.outcome())
                .toList();
    }

    /**
     * The given parts of an event on one line, separated by spaces, or {@code null} when one of
     * them is, as SQL's {@code ||} would make it.
     */
    public static String line(String... parts) {
        for (String part : parts) {
            if (part == null) {
                return null;
            }
        }
        return String.join(" ", parts);
    }

    /** The outcomes of the user's events, oldest first. */
    public List<String> outcomesOf(String userName) {
        return ofUser(userName).stream().map(AuditTrail.Event::outcome).toList();
    }

    private List<AuditTrail.Event> all(AuditTrail.Query query) {
        List<AuditTrail.Event> newestFirst = new ArrayList<>();
        String cursor = null;
        do {
            AuditTrail.Page page = trail.search(
                    READER,
                    new AuditTrail.Query(
                            query.userName(),
                            query.actor(),
                            query.action(),
                            query.outcome(),
                            query.from(),
                            query.to(),
                            query.accessKeyId(),
                            query.limit(),
                            cursor));
            newestFirst.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
