package io.keywarden.accesskey;

import java.time.Instant;

/** A key's life in keywarden's records. */
public enum AccessKeyStatus {
    /** Usable, the current key of its holder. */
    ACTIVE,
    /** Superseded by a successor; still usable until its {@code retireAt}. */
    ROTATING,
    /** Disabled upstream. */
    INACTIVE,
    /** Gone upstream. */
    DELETED;

    /** The status of an enabled key: a superseded one (it has a {@code retireAt}) is still rotating. */
    public static AccessKeyStatus enabled(Instant retireAt) {
        return retireAt != null ? ROTATING : ACTIVE;
    }
}
