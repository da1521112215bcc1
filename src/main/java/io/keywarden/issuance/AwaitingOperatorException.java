package io.keywarden.issuance;

import io.keywarden.platform.web.Refusal;
import java.util.UUID;

/**
 * A retry refused because its earlier attempt lost its answer and the keys found upstream cannot
 * be attributed to it: nothing may happen until an operator resolves the report. Answered with
 * 409 naming the issuance (compat: 9409).
 */
public class AwaitingOperatorException extends RuntimeException implements Refusal {

    private final UUID issuanceId;
    private final String userName;

    public AwaitingOperatorException(UUID issuanceId, String userName) {
        super(
                "An earlier attempt with this Idempotency-Key lost its answer, and the keys found upstream for "
                        + userName + " cannot be attributed to it. Nothing was revoked and no key was"
                        + " created. An operator must resolve issuance " + issuanceId
                        + " (on the console at /console/orphans, or POST /admin/v1/ambiguous-orphans/" + issuanceId
                        + "/resolution); retry after that.",
                null,
                false,
                false);
        this.issuanceId = issuanceId;
        this.userName = userName;
    }

    public UUID issuanceId() {
        return issuanceId;
    }

    @Override
    public Kind refusal() {
        return Kind.AWAITING_OPERATOR;
    }

    @Override
    public String refusedUserName() {
        return userName;
    }
}
