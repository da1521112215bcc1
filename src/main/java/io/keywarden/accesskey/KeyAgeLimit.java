package io.keywarden.accesskey;

import java.time.Duration;

/**
 * How old an active key may grow before it is due for rotation. The rotation policy provides it;
 * key listings only ask, so this module never depends on the one that rotates keys.
 */
public interface KeyAgeLimit {

    Duration maxAge();
}
