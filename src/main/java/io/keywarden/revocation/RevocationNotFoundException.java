package io.keywarden.revocation;

/** No revocation has this id. Answered with 404. */
public class RevocationNotFoundException extends RuntimeException {

    RevocationNotFoundException(String id) {
        super("No revocation " + id + " exists.", null, false, false);
    }
}
