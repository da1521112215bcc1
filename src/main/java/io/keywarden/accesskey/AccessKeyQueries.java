package io.keywarden.accesskey;

import io.keywarden.identity.Caller;
import io.keywarden.platform.reads.ReadGuard;
import io.keywarden.platform.web.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other modules may read of keys. A caller's reads (one key, a page, the overview's figures,
 * a successor) apply its scope: a key outside the scope is answered exactly like an unknown one, so
 * a caller cannot learn which keys exist beyond its users. The jobs, the create protocol and bulk
 * revocations read keywarden's own walks and figures, each filtered and bounded in SQL.
 */
@Service
public class AccessKeyQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AccessKeyRepository keys;
    private final ReadGuard reads;

    AccessKeyQueries(AccessKeyRepository keys, ReadGuard reads) {
        this.keys = keys;
        this.reads = reads;
    }

    /**
     * One key by its id: a single unique-index lookup, so it needs no search limits. It is the
     * most frequent read, so it is one plain statement outside a transaction.
     */
    public AccessKeyView get(Caller caller, String accessKeyId) {
        AccessKeyView key = keys.findByAccessKeyId(accessKeyId)
                .map(AccessKeyView::of)
                .orElseThrow(() -> new AccessKeyNotFoundException(notVisible(accessKeyId)));
        if (!caller.mayManage(key.userName())) {
            throw new AccessKeyNotFoundException(notVisible(accessKeyId), true);
        }
        return key;
    }

    private static String notVisible(String accessKeyId) {
        return "No access key " + accessKeyId + " is visible to this client.";
    }

    /**
     * A page of keys, oldest first. Filters: the user, the status, keys due for rotation
     * (ACTIVE and older than {@code keywarden.rotation.max-age}) and keys whose lease ends soon. The caller's scope is part of
     * the query, and a page costs about what the cheaper of its scope's keys and the keys before it
     * in id order cost to read, however many keys lie outside the scope
     * ({@link AccessKeyRepository#findPage}); the search runs under {@link ReadGuard}'s limits.
     */
    public AccessKeyPage list(Caller caller, KeyFilter filter, Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_LIMIT + ".");
        }
        long after = decodeCursor(cursor);
        if (filter.userName() != null && !caller.mayManage(filter.userName())) {
            return new AccessKeyPage(List.of(), null);
        }
        Optional<List<String>> scope = caller.userNameLikePatterns();
        if (scope.isPresent() && scope.get().isEmpty()) {
            return new AccessKeyPage(List.of(), null);
        }
        List<AccessKeyRepository.Found> found = reads.run(() -> keys.findPage(scope, filter, after, size + 1));
        String next = null;
        if (found.size() > size) {
            found = found.subList(0, size);
            next = encodeCursor(found.get(size - 1).id());
        }
        return new AccessKeyPage(
                found.stream().map(AccessKeyRepository.Found::key).toList(), next);
    }

    /**
     * A page of keys in {@code order}, with the cursors of the pages after and before it, and how
     * many keys match in all, counted exactly up to {@code countUpTo}: the list an operator browses
     * (the API's own list stays {@link #list}, oldest first). The filters and the scope are those of
     * {@link #list}. A previous page is read backwards from its cursor, so paging back and forth is
     * as cheap as forth; a previous page that reaches the start is the first page itself. Every
     * statement is bounded by its limit and runs in one read under {@link ReadGuard}'s limits, so
     * the page and the count see the same keys.
     */
    public KeyListPage listSorted(
            Caller caller, KeyFilter filter, KeyOrder order, int limit, String cursor, int countUpTo) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_LIMIT + ".");
        }
        SortPosition position = SortPosition.parse(cursor, order);
        if (filter.userName() != null && !caller.mayManage(filter.userName())) {
            return new KeyListPage(List.of(), null, null, 0, false);
        }
        Optional<List<String>> scope = caller.userNameLikePatterns();
        if (scope.isPresent() && scope.get().isEmpty()) {
            return new KeyListPage(List.of(), null, null, 0, false);
        }
        return reads.run(() -> {
            long counted = keys.countMatching(scope, filter, countUpTo + 1);
            KeyListPage page = sortedPage(scope, filter, order, limit, position);
            return new KeyListPage(
                    page.items(),
                    page.nextCursor(),
                    page.previousCursor(),
                    Math.min(counted, countUpTo),
                    counted > countUpTo);
        });
    }

    private KeyListPage sortedPage(
            Optional<List<String>> scope, KeyFilter filter, KeyOrder order, int limit, SortPosition position) {
        boolean backwards = position != null && position.before();
        List<AccessKeyRepository.Found> found = keys.findSorted(scope, filter, order, position, backwards, limit + 1);
        if (backwards) {
            if (found.size() <= limit) {
                // Nothing lies before this page: it is the first page, read as such.
                return sortedPage(scope, filter, order, limit, null);
            }
            List<AccessKeyRepository.Found> page = new ArrayList<>(found.subList(0, limit));
            Collections.reverse(page);
            return new KeyListPage(
                    views(page), after(order, page.get(page.size() - 1)), before(order, page.get(0)), 0, false);
        }
        boolean more = found.size() > limit;
        List<AccessKeyRepository.Found> page = more ? found.subList(0, limit) : found;
        String next = more ? after(order, page.get(page.size() - 1)) : null;
        String previous = position != null && !page.isEmpty() ? before(order, page.get(0)) : null;
        return new KeyListPage(views(page), next, previous, 0, false);
    }

    private static List<AccessKeyView> views(List<AccessKeyRepository.Found> found) {
        return found.stream().map(AccessKeyRepository.Found::key).toList();
    }

    private static String after(KeyOrder order, AccessKeyRepository.Found row) {
        return SortPosition.of(order, false, row.id(), row.key()).cursor();
    }

    private static String before(KeyOrder order, AccessKeyRepository.Found row) {
        return SortPosition.of(order, true, row.id(), row.key()).cursor();
    }

    /**
     * How many keys in the caller's scope stand in each status, how many are due for rotation and
     * how many leases end within {@code expiringWithin}: the figures of an overview, one bounded
     * statement under {@link ReadGuard}.
     */
    public KeyCounts count(Caller caller, Duration expiringWithin) {
        Optional<List<String>> scope = caller.userNameLikePatterns();
        if (scope.isPresent() && scope.get().isEmpty()) {
            Map<AccessKeyStatus, Long> byStatus = new EnumMap<>(AccessKeyStatus.class);
            for (AccessKeyStatus status : AccessKeyStatus.values()) {
                byStatus.put(status, 0L);
            }
            return new KeyCounts(byStatus, 0, 0);
        }
        return reads.run(() -> keys.counts(scope, expiringWithin));
    }

    /** The key that replaced {@code accessKeyId} by rotation, when the caller may see it. */
    @Transactional(readOnly = true)
    public Optional<AccessKeyView> successor(Caller caller, String accessKeyId) {
        return keys.findFirstByRotatedFrom(accessKeyId)
                .filter(key -> caller.mayManage(key.userName()))
                .map(AccessKeyView::of);
    }

    /**
     * The lease of the key that replaces {@code accessKeyId} by rotation: the ttl asked for, else
     * the key's own lease length (counted from the successor's creation), within {@code bounds};
     * {@code null} for none.
     *
     * @throws LeaseTooLongException when the ttl exceeds the maximum
     */
    public Duration successorLease(String accessKeyId, Duration requested, LeaseBounds bounds) {
        return keys.findByAccessKeyId(accessKeyId)
                .orElseThrow(() -> new AccessKeyNotFoundException(notVisible(accessKeyId)))
                .successorLease(requested, bounds);
    }

    /** Which of these ids keywarden has recorded, whatever their status. */
    @Transactional(readOnly = true)
    public Set<String> knownIds(Collection<String> accessKeyIds) {
        return new HashSet<>(keys.findKnownIds(accessKeyIds));
    }

    /**
     * At most {@code limit} of the user's keys that are not deleted, in position order: enough to
     * tell whether the user holds as many keys as the upstream allows, and to name them.
     */
    @Transactional(readOnly = true)
    public List<AccessKeyView> liveOfUser(String userName, int limit) {
        return keys.findLiveByUserName(userName, limit).stream()
                .map(AccessKeyView::of)
                .toList();
    }

    /**
     * Ids of at most {@code limit} of the user's keys recovered after a loss that no operator has
     * reviewed and that are not deleted; empty for nearly every user, answered from a partial
     * index that holds only such keys. Joins the caller's transaction.
     */
    @Transactional(readOnly = true)
    public List<String> unreviewedRecovered(String userName, int limit) {
        return keys.findUnreviewedRecoveredIds(userName, limit);
    }

    /** The users with a key that is not deleted, in name order, after {@code after}. */
    @Transactional(readOnly = true)
    public List<String> managedUsersAfter(String after, int limit) {
        return keys.findManagedUsersAfter(after, limit);
    }

    /** Superseded keys whose grace period ended by {@code now} and that are not gone yet, in position order. */
    @Transactional(readOnly = true)
    public List<RetirementDue> dueForRetirement(Instant now, long afterPosition, int limit) {
        return keys.findDueForRetirement(now, afterPosition, limit).stream()
                .map(key -> new RetirementDue(key.id(), key.accessKeyId(), key.userName()))
                .toList();
    }

    /**
     * Active keys created before {@code cutoff} and issued by one of {@code clients}: due for
     * rotation by keywarden itself, in position order after {@code afterPosition}.
     */
    @Transactional(readOnly = true)
    public List<RotationDue> dueForAutoRotation(
            Instant cutoff, Collection<String> clients, long afterPosition, int limit) {
        if (clients.isEmpty()) {
            return List.of();
        }
        return keys.findDueForAutoRotation(cutoff, clients.toArray(String[]::new), afterPosition, limit).stream()
                .map(key -> new RotationDue(key.id(), AccessKeyView.of(key)))
                .toList();
    }

    /** Active keys created before {@code cutoff}: due for rotation. */
    @Transactional(readOnly = true)
    public long countActiveCreatedBefore(Instant cutoff) {
        return keys.countDueForRotation(cutoff);
    }

    /** Keys whose lease ended by {@code now} and that are not gone yet, oldest expiry first, after {@code after}. */
    @Transactional(readOnly = true)
    public List<ExpiryDue> expiredBy(Instant now, ExpiryDue after, int limit) {
        return keys.findExpiredBy(now, after, limit);
    }

    /** How many keys not gone yet have a lease ending after {@code from} and by {@code to}. */
    @Transactional(readOnly = true)
    public long countExpiringBetween(Instant from, Instant to) {
        return keys.countExpiringBetween(from, to);
    }

    /** The earliest lease end by {@code now} of a key that is not gone yet: how far expiry lags behind. */
    @Transactional(readOnly = true)
    public Optional<Instant> oldestOverdueExpiry(Instant now) {
        return keys.findOldestOverdueExpiry(now);
    }

    /** How many keys the selection matches. */
    @Transactional(readOnly = true)
    public long countSelected(KeySelection selection) {
        return keys.countSelected(selection);
    }

    /** The keys the selection matches after {@code afterPosition}, in position order, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<SelectedKey> selected(KeySelection selection, long afterPosition, int limit) {
        return keys.findSelected(selection, afterPosition, limit);
    }

    private static String encodeCursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + id).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith("k:")) {
                return Long.parseLong(text.substring(2));
            }
        } catch (IllegalArgumentException ex) {
            // falls through to the problem below
        }
        throw new InvalidInputException("cursor is not a cursor this API returned.");
    }

    /**
     * What to list.
     *
     * @param userName only this user's keys, or {@code null}
     * @param status only keys in this status, or {@code null}
     * @param dueForRotation only ACTIVE keys older than the maximum age
     * @param expiringWithin only keys not gone yet whose lease ends within this from now (or has
     *     ended), or {@code null}
     * @param userNamePrefix only users whose name starts with this text ({@code *} and {@code ?}
     *     are wildcards as in a scope glob), or {@code null}
     * @param issuedBy only keys issued to this client, or {@code null}
     * @param recovered only keys reconciliation recovered after a loss of the database's commits
     */
    public record KeyFilter(
            String userName,
            AccessKeyStatus status,
            boolean dueForRotation,
            Duration expiringWithin,
            String userNamePrefix,
            String issuedBy,
            boolean recovered) {

        public KeyFilter(String userName, AccessKeyStatus status, boolean dueForRotation, Duration expiringWithin) {
            this(userName, status, dueForRotation, expiringWithin, null, null, false);
        }

        public KeyFilter(
                String userName,
                AccessKeyStatus status,
                boolean dueForRotation,
                Duration expiringWithin,
                String userNamePrefix,
                String issuedBy) {
            this(userName, status, dueForRotation, expiringWithin, userNamePrefix, issuedBy, false);
        }
    }

    /**
     * Keys in a caller's scope by status, how many of them are due for rotation, and how many
     * leases end soon.
     *
     * @param byStatus every status, with zero where no key stands in it
     * @param dueForRotation ACTIVE keys older than the maximum age
     * @param expiringSoon keys not gone yet whose lease ends within the window asked for
     */
    public record KeyCounts(Map<AccessKeyStatus, Long> byStatus, long dueForRotation, long expiringSoon) {}
}
