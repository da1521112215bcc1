package io.keywarden.accesskey;

/** No key of that id is known to keywarden, or none is visible to the client asking. Answered with 404. */
public class AccessKeyNotFoundException extends RuntimeException {

    public AccessKeyNotFoundException(String detail) {
        super(detail, null, false, false);
    }
}
