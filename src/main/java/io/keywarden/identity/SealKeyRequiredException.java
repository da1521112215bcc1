package io.keywarden.identity;

import io.keywarden.platform.web.Refusal;

/**
 * The change would leave a client with {@code auto-rotate} without a seal key, while keywarden hands
 * the secret of an automatic rotation to nobody but sealed; nothing changed. Answered with 409,
 * audited {@code INVALID}.
 */
public class SealKeyRequiredException extends RuntimeException implements Refusal {

    public SealKeyRequiredException(String client) {
        super(
                "The client " + client + " rotates automatically and would be left with no seal-to;"
                        + " set another key instead (PUT), or give it a seal-to in configuration first.",
                null,
                false,
                false);
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }
}
