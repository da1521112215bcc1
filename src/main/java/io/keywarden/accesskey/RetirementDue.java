package io.keywarden.accesskey;

/**
 * A superseded key whose grace period has ended.
 *
 * @param position where it stands in the walk over such keys (ask for the next ones after it)
 * @param accessKeyId the key
 * @param userName its user
 */
public record RetirementDue(long position, String accessKeyId, String userName) {}
