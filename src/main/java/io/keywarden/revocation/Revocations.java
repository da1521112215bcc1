package io.keywarden.revocation;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.KeySelection;
import io.keywarden.accesskey.SelectedKey;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts bulk revocations and reports on them. The filter is applied in SQL, and a real run
 * snapshots the keys it matched in the same repeatable-read transaction that records the
 * revocation and audits its start, in bounded batches: what it later revokes is exactly what
 * matched then, never a key created afterwards, and never a key keywarden did not issue.
 */
@Service
public class Revocations {

    static final int SAMPLE = 20;
    private static final int SNAPSHOT_BATCH = 1_000;
    private static final int MAX_REASON = 500;

    private final AccessKeyQueries keys;
    private final RevocationStore store;
    private final AuditLog audit;
    private final TransactionTemplate snapshot;
    private final JsonMapper json;
    private final Clock clock;

    Revocations(
            AccessKeyQueries keys,
            RevocationStore store,
            AuditLog audit,
            PlatformTransactionManager transactions,
            JsonMapper json,
            Clock clock) {
        this.keys = keys;
        this.store = store;
        this.audit = audit;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.json = json;
        this.clock = clock;
    }

    /** How many keys the filter matches now, and the first of them. */
    public DryRun dryRun(RevocationRequest request) {
        KeySelection selection = checked(request);
        return new DryRun(keys.countSelected(selection), keys.selected(selection, 0, SAMPLE));
    }

    /** Records the revocation and its snapshot of matched keys; the worker revokes them. */
    public UUID start(Caller caller, RevocationRequest request) {
        KeySelection selection = checked(request);
        UUID id = UUID.randomUUID();
        snapshot.executeWithoutResult(tx -> {
            Instant now = clock.instant();
            store.create(id, caller.name(), request.reason(), json.writeValueAsString(request.filter()), now);
            int matched = 0;
            long after = 0;
            List<SelectedKey> batch;
            do {
                batch = keys.selected(selection, after, SNAPSHOT_BATCH);
                if (!batch.isEmpty()) {
                    store.addKeys(id, matched, batch, now);
                    matched += batch.size();
                    after = batch.get(batch.size() - 1).position();
                }
            } while (batch.size() == SNAPSHOT_BATCH);
            store.matched(id, matched, now);
            audit.append(AuditEntry.of(caller, AuditAction.START_REVOCATION, AuditOutcome.SUCCEEDED)
                    .detail("revocation " + id + " of " + matched + " keys: " + request.reason()));
        });
        return id;
    }

    public RevocationReport report(String id) {
        UUID parsed;
        try {
            parsed = UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            throw new RevocationNotFoundException(id);
        }
        return store.report(parsed).orElseThrow(() -> new RevocationNotFoundException(id));
    }

    /**
     * The latest revocations, newest first, at most {@code limit}: one indexed read of the
     * revocations alone, without their keys' progress (each one's {@link #report} has that).
     */
    public List<Summary> recent(int limit) {
        return store.recent(limit);
    }

    private static KeySelection checked(RevocationRequest request) {
        if (request.filter() == null) {
            throw new InvalidInputException(
                    "filter",
                    "filter is required, with at least one of userName, issuedBy, createdAfter,"
                            + " createdBefore, status.");
        }
        KeySelection selection = request.filter().selection();
        String reason = request.reason();
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "reason is required: it is audited with every key revoked.");
        }
        if (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(
                    "reason", "reason must be at most " + MAX_REASON + " characters without control characters.");
        }
        return selection;
    }

    /**
     * What a dry run found.
     *
     * @param matched how many keys the filter matches
     * @param sample the first of them, in creation order
     */
    public record DryRun(long matched, List<SelectedKey> sample) {}

    /**
     * A revocation as a list of them shows it.
     *
     * @param id the revocation
     * @param state RUNNING, DONE or FAILED
     * @param reason the operator's reason
     * @param requestedBy the operator
     * @param matched keys the filter matched when it started
     * @param createdAt when it started
     * @param finishedAt when nothing was left to do, or {@code null}
     */
    public record Summary(
            UUID id,
            RevocationState state,
            String reason,
            String requestedBy,
            int matched,
            Instant createdAt,
            Instant finishedAt) {}
}
