package io.keywarden.accesskey;

import io.keywarden.platform.web.Refusal;

/** The key is deleted: there is nothing left to change upstream. Answered with 409, audited {@code INVALID}. */
public class AccessKeyDeletedException extends RuntimeException implements Refusal {

    public AccessKeyDeletedException(String accessKeyId) {
        super("Access key " + accessKeyId + " is deleted.", null, false, false);
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }
}
