package io.keywarden.accesskey;

import java.time.Instant;

/**
 * How a key came to be recorded when keywarden did not issue it as far as its database knows:
 * upstream reconciliation found it alive upstream, created in the window of a loss an operator
 * acknowledged (the database lost acknowledged commits), and adopted it. Its secret was most
 * likely delivered to a caller; which client holds it is unknown.
 *
 * @param lossId the acknowledged loss whose window it was created in
 * @param recoveredAt when reconciliation adopted it
 * @param reviewedAt when an operator reviewed it and kept it; {@code null} until then
 * @param reviewedBy who did; {@code null} until then
 */
public record KeyRecovery(long lossId, Instant recoveredAt, Instant reviewedAt, String reviewedBy) {

    /** Whether an operator has reviewed it: until then creates for its user are refused. */
    public boolean reviewed() {
        return reviewedAt != null;
    }
}
