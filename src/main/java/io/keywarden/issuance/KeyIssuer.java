package io.keywarden.issuance;

import java.time.Duration;

/**
 * Issues keys without ever losing one: the one entry point of the create protocol, for creates
 * and rotations alike. Each endpoint builds an {@link IssueCommand} from what it received and
 * hands it here; the protocol checks it, claims the intent, calls the upstream and records the key
 * (docs/architecture.md#creating-a-key-without-losing-it). What it refuses it audits itself, and
 * throws as this module's exceptions, which each endpoint answers in its own shape.
 */
public interface KeyIssuer {

    /**
     * Issues the key the command asks for, or serves again the answer of an identical earlier
     * request under the same idempotency key.
     */
    Issued issue(IssueCommand command);

    /** Whether an attempt for the user has not settled yet, so its key may not be recorded. */
    boolean hasUnsettledAttempt(String userName);

    /**
     * How far the upstream's clock may be from keywarden's ({@code keywarden.idempotency.clock-skew}):
     * a window of keywarden's time in which upstream keys are looked for is widened by it on both
     * sides, as orphan attribution widens an attempt's.
     */
    Duration clockSkew();
}
