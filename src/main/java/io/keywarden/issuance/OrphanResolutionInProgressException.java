package io.keywarden.issuance;

import java.util.UUID;

/** Another operator's request is deciding the same ambiguous orphan report. Answered with 409. */
public class OrphanResolutionInProgressException extends RuntimeException {

    public OrphanResolutionInProgressException(UUID issuanceId) {
        super(
                "Issuance " + issuanceId + " is being resolved by another request; look again shortly.",
                null,
                false,
                false);
    }
}
