package io.keywarden.audit;

/**
 * Whether keywarden may change keys on the history its database holds: not while the database is
 * behind a checkpoint keywarden signed and no operator has acknowledged the loss. Every path that
 * issues or extends a key (the create protocol, for creates and every rotation, and lease renewal)
 * asks before it changes anything. The answer comes from memory, refreshed by the checkpoint and
 * verification that find or clear the finding and, for the other instances, from the database
 * every few seconds: it costs a create no query.
 */
public interface IssuanceHold {

    /** @throws DatabaseBehindException while an unacknowledged loss stands */
    void requireNone();
}
