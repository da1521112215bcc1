package io.keywarden.revocation;

/** What became of one key a bulk revocation matched. */
enum RevocationKeyState {
    /** Not revoked yet; tried (again) from its next attempt time on. */
    PENDING,
    /** Disabled and deleted upstream by this revocation. */
    REVOKED,
    /** Gone already when its turn came. */
    SKIPPED,
    /** Given up after the configured number of attempts. */
    FAILED
}
