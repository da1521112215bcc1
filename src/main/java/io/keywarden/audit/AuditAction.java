package io.keywarden.audit;

/** What an audited attempt was. */
public enum AuditAction {
    CREATE_ACCESS_KEY,
    ROTATE_ACCESS_KEY,
    DISABLE_ACCESS_KEY,
    ENABLE_ACCESS_KEY,
    DELETE_ACCESS_KEY,
    RETIRE_ACCESS_KEY,
    REVOKE_ORPHAN,
    RECONCILE_ISSUANCE,
    RECONCILE_USER
}
