package io.keywarden.identity;

import io.keywarden.platform.web.Refusal;

/** No client of that name is configured; nothing changed. Answered with 404, audited {@code INVALID}. */
public class UnknownClientException extends RuntimeException implements Refusal {

    public UnknownClientException(String client) {
        super("No client is named " + client + ".", null, false, false);
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }
}
