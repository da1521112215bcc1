package io.keywarden.issuance;

import io.keywarden.jobs.ScheduledJob;
import java.time.Duration;

/**
 * Settles attempts whose outcome stayed unknown: a timeout nobody retried, or a crash between the
 * upstream's answer and the record. Any key such an attempt left upstream is revoked. Runs on its
 * own schedule, and first in every upstream reconciliation, which holds it by this type.
 */
public abstract class StaleIssuanceJob extends ScheduledJob {

    protected StaleIssuanceJob() {
        super(
                "issuance-reconciliation",
                Duration.ofMinutes(1),
                "Settles creates and rotations whose outcome stayed unknown, and revokes any key such an attempt"
                        + " left upstream unrecorded.");
    }
}
