package io.keywarden.accesskey;

import java.time.Duration;

/**
 * How old an active key may grow before it is due for rotation, and how long a superseded key
 * keeps working after its successor exists. The rotation policy provides them; key listings and
 * {@link KeyLifecycle#supersede} only ask, so this module never depends on the one that rotates keys.
 */
public interface RotationTerms {

    Duration maxAge();

    Duration gracePeriod();
}
