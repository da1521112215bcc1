package io.keywarden.audit.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks audit events one at a time in id order against the chain so far, keeping only the last
 * verified id and hash, so a walk of any length runs in constant memory. It stops at the first
 * event that does not follow: a gap in the ids (a deleted event), a previous_hash that is not the
 * prior event's hash, a hash that does not recompute, a chain version that goes back, or a hash
 * that differs from the one a signed checkpoint recorded for that event. At the end, a checkpoint
 * that counted more events than the walk found means the newest events were deleted.
 *
 * <p>Version 1 events (HMAC) are checked only when the hasher holds the chain key; without it
 * their links are checked and they are counted as {@link #unchecked}. A checkpoint that pins
 * where version 2 began ({@link #pinnedBy}) makes the version itself checked: an event of version
 * 1 from that point on, or of version 2 before it, has been relabelled, whether or not the chain
 * key is at hand.
 */
final class ChainWalk {

    private final AuditChain.Hasher hasher;
    private final TreeMap<Long, Checkpoint> anchors = new TreeMap<>();
    private final Map<Long, String> observed = new HashMap<>();
    private Set<Long> watched = Set.of();
    private long lastId;
    private String headHash = AuditChain.GENESIS;
    private int version = AuditChain.HMAC;
    private long checked;
    private long unchecked;
    private boolean endingAnywhere;
    private Checkpoint pin;
    private long firstUnchecked;
    private long lastUnchecked;
    private Long brokenId;
    private String reason;

    ChainWalk(AuditChain.Hasher hasher) {
        this.hasher = hasher;
    }

    /** Checks the chain against a signed checkpoint too: its head event must carry its head hash. */
    ChainWalk anchoredTo(Checkpoint checkpoint) {
        anchors.merge(checkpoint.headEventId(), checkpoint, (a, b) -> a.sequence() >= b.sequence() ? a : b);
        return this;
    }

    /**
     * Keeps the hash of each of these events once it verified, for a comparison with checkpoints
     * that is not an anchor: a head that differs does not stop the walk ({@link #observed}).
     */
    ChainWalk watching(Set<Long> ids) {
        watched = ids;
        return this;
    }

    /** The hashes of the watched events the walk verified, by id. */
    Map<Long, String> observed() {
        return observed;
    }

    /** Checks each event's chain version against where the checkpoint pins the start of version 2. */
    ChainWalk pinnedBy(Checkpoint checkpoint) {
        if (checkpoint.pinned()) {
            pin = checkpoint;
        }
        return this;
    }

    /** Checks a range: checkpoints past its last event are not taken as events deleted. */
    ChainWalk endingAnywhere() {
        endingAnywhere = true;
        return this;
    }

    /** Starts mid-chain, after the event {@code id} whose hash is {@code hash} (a partial export). */
    ChainWalk after(long id, String hash) {
        lastId = id;
        headHash = hash;
        return this;
    }

    /** Checks the next event; {@code false} once the chain is broken and the walk should stop. */
    boolean accept(StoredAuditEvent event) {
        if (brokenId != null) {
            return false;
        }
        checked++;
        if (event.id() != lastId + 1) {
            return broken(event.id(), AuditVerification.MISSING_EVENT);
        }
        if (!headHash.equals(event.previousHash())) {
            return broken(event.id(), AuditVerification.BROKEN_LINK);
        }
        if (event.chainVersion() != AuditChain.HMAC && event.chainVersion() != AuditChain.SHA256) {
            return broken(event.id(), AuditVerification.UNKNOWN_VERSION);
        }
        if (event.chainVersion() < version) {
            return broken(event.id(), AuditVerification.VERSION_BACK);
        }
        if (pin != null && (event.chainVersion() == AuditChain.HMAC) != (event.id() < pin.firstVersion2EventId())) {
            return broken(
                    event.id(),
                    "labelled chain version " + event.chainVersion() + ", but checkpoint " + pin.sequence()
                            + " pins chain version 2 from event " + pin.firstVersion2EventId());
        }
        if (hasher.checks(event)) {
            if (!hasher.verifies(headHash, event)) {
                return broken(event.id(), AuditVerification.HASH_MISMATCH);
            }
        } else {
            firstUnchecked = unchecked++ == 0 ? event.id() : firstUnchecked;
            lastUnchecked = event.id();
        }
        Checkpoint anchor = anchors.get(event.id());
        if (anchor != null && !anchor.headHash().equals(event.hash())) {
            return broken(event.id(), "event differs from checkpoint " + anchor.sequence());
        }
        version = event.chainVersion();
        lastId = event.id();
        headHash = event.hash();
        if (watched.contains(lastId)) {
            observed.put(lastId, headHash);
        }
        return true;
    }

    AuditVerification result() {
        if (endingAnywhere) {
            anchors.tailMap(lastId, false).clear();
        }
        Long checkpoint = anchors.isEmpty() ? null : latest().sequence();
        if (brokenId == null && !anchors.isEmpty() && anchors.lastKey() > lastId) {
            Checkpoint beyond = latest();
            brokenId = lastId + 1;
            reason = "events deleted after checkpoint " + beyond.sequence() + ": it covers " + beyond.eventCount()
                    + " events, the log ends at event " + lastId;
        }
        return new AuditVerification(brokenId == null, checked, brokenId, headHash, reason, checkpoint, null);
    }

    /** Events of version 1 linked but not rehashed, for want of the chain key. */
    long unchecked() {
        return unchecked;
    }

    long firstUnchecked() {
        return firstUnchecked;
    }

    long lastUnchecked() {
        return lastUnchecked;
    }

    long lastId() {
        return lastId;
    }

    private Checkpoint latest() {
        return anchors.values().stream()
                .max((a, b) -> Long.compare(a.sequence(), b.sequence()))
                .orElseThrow();
    }

    private boolean broken(long id, String why) {
        brokenId = id;
        reason = why;
        return false;
    }
}
