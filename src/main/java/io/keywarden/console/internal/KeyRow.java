package io.keywarden.console.internal;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import java.time.Duration;
import java.time.Instant;

/**
 * A key as a page lists it: its metadata, its link, and its age in days coloured by the rotation
 * policy (fresh, due within the last fifth of the maximum age, overdue).
 */
record KeyRow(AccessKeyView key, String path, long ageDays, String ageClass) {

    static KeyRow of(AccessKeyView key, Duration maxAge, Instant now) {
        Duration age = Duration.between(key.createdAt(), now);
        return new KeyRow(key, KeyPaths.of(key.accessKeyId()), age.toDays(), ageClass(key.status(), age, maxAge));
    }

    private static String ageClass(AccessKeyStatus status, Duration age, Duration maxAge) {
        if (status != AccessKeyStatus.ACTIVE) {
            return "age-none";
        }
        if (age.compareTo(maxAge) >= 0) {
            return "age-overdue";
        }
        return age.compareTo(maxAge.multipliedBy(4).dividedBy(5)) >= 0 ? "age-soon" : "age-fresh";
    }
}
