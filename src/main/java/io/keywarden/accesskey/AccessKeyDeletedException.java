package io.keywarden.accesskey;

/** The key is deleted: there is nothing left to change upstream. Answered with 409. */
public class AccessKeyDeletedException extends RuntimeException {

    public AccessKeyDeletedException(String accessKeyId) {
        super("Access key " + accessKeyId + " is deleted.", null, false, false);
    }
}
