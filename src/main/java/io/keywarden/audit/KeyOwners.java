package io.keywarden.audit;

import java.util.Optional;

/**
 * Whose a key is: the user a key keywarden recorded belongs to. The module that owns the keys
 * provides it, so that a refusal naming only the key still lands in the key's history and in a
 * search by its user (and in the scope of those who may read that user's events).
 */
public interface KeyOwners {

    /** The user of the key, whatever its status; empty when keywarden never recorded the key. */
    Optional<String> userOf(String accessKeyId);
}
