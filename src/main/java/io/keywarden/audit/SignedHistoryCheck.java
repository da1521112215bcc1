package io.keywarden.audit;

/**
 * Compares the database's audit log with the checkpoints keywarden signed, now rather than at the
 * next scheduled checkpoint. A module about to destroy something on the strength of what the
 * database says is missing (the stale-attempt sweep revoking a key no record holds) asks first: after
 * a failover that lost acknowledged commits, "missing" may mean "lost", and the key may be in a
 * caller's hands.
 */
public interface SignedHistoryCheck {

    /**
     * Signs the due checkpoint, which compares the log with the sink's, and records a finding if the
     * database is behind. A sink that cannot be read is no finding: the caller goes on as before.
     *
     * @throws DatabaseBehindException while a loss, found now or earlier, is not acknowledged
     */
    void requireNotBehind();
}
