package io.keywarden.issuance;

import java.util.Optional;

/**
 * The sealed secrets of automatic rotations' successors, kept for their clients to fetch until
 * they acknowledge them (docs/sealed-secrets.md#automatic-rotation). The create protocol keeps
 * each in the transaction that records its successor; only the sealed form is ever stored.
 */
public interface SealedSuccessors {

    /** The successor {@code accessKeyId} as kept for its client; empty for any key no automatic rotation made. */
    Optional<SealedSuccessor> find(String accessKeyId);

    /**
     * The client acknowledged the successor: its sealed secret is deleted. Joins the caller's
     * transaction.
     *
     * @return whether this call acknowledged it (false: it was acknowledged already, or is unknown)
     */
    boolean acknowledge(String accessKeyId);
}
