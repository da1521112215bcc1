package io.keywarden.issuance;

import java.util.UUID;

/** No ambiguous orphan report is open for that attempt: none was made, or it was settled. Answered with 404. */
public class OrphanReportNotOpenException extends RuntimeException {

    public OrphanReportNotOpenException(UUID issuanceId) {
        super("No ambiguous orphan report is open for issuance " + issuanceId + ".", null, false, false);
    }
}
