package io.keywarden.issuance;

/**
 * What issuing a key in place of another does to the key it replaces. Issuance calls it inside
 * its own transactions; the rotation module provides it, so that everything a rotation means for
 * the old key is written in one place (docs/architecture.md#creating-a-key-without-losing-it).
 */
public interface Succession {

    /** Locks the key being replaced until the transaction ends, so that attempts to replace it queue. */
    void lock(String predecessor);

    /** Throws {@link KeyNotRotatableException} unless the key may be replaced now. */
    void requireReplaceable(String predecessor);

    /**
     * The successor is recorded, in this same transaction: the key being replaced now retires, and
     * its history says so.
     *
     * @param predecessor the key being replaced
     * @param successor the key that replaces it
     * @param actor the client that rotated it
     * @param userName the user both keys are for
     */
    void succeeded(String predecessor, String successor, String actor, String userName);
}
