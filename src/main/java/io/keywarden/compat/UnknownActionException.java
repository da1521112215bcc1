package io.keywarden.compat;

import io.keywarden.platform.web.Refusal;

/**
 * A compat request without an {@code Action}, or with one keywarden does not take: refused with the
 * gateway's own RetCode (160 or 161) and audited {@code INVALID}, like any other invalid create.
 */
class UnknownActionException extends RuntimeException implements Refusal {

    private final transient CompatEnvelope envelope;

    UnknownActionException(CompatEnvelope envelope) {
        super(envelope.message(), null, false, false);
        this.envelope = envelope;
    }

    CompatEnvelope envelope() {
        return envelope;
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }
}
