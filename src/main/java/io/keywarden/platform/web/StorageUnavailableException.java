package io.keywarden.platform.web;

/**
 * Keywarden's own database could not be used, so the request was not carried out (or, where the
 * detail says so, its result could not be kept). Answered with 503 and {@code Retry-After}.
 */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String detail) {
        super(detail, null, false, false);
    }
}
