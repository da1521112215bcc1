package io.keywarden.accesskey;

/**
 * An active key past the rotation policy's maximum age, of a client whose keys keywarden rotates
 * by itself.
 *
 * @param position where it stands in the walk over such keys (ask for the next ones after it)
 * @param key the key as recorded
 */
public record RotationDue(long position, AccessKeyView key) {}
