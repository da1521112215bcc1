package io.keywarden.accesskey;

/** A key's life in keywarden's records; which moves lead from one to another is {@link AccessKey}'s to say. */
public enum AccessKeyStatus {
    /** Usable, the current key of its holder. */
    ACTIVE,
    /** Superseded by a successor; still usable until its {@code retireAt}. */
    ROTATING,
    /** Disabled upstream. */
    INACTIVE,
    /** Gone upstream. */
    DELETED
}
