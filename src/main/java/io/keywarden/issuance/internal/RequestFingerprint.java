package io.keywarden.issuance.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of what a request asks for, so a reused idempotency key can be told apart from a
 * retry: the same kind, user, description, predecessor and ttl give the same fingerprint, however
 * the JSON was spelled. A request without a ttl keeps the fingerprint it had before leases existed.
 */
final class RequestFingerprint {

    private RequestFingerprint() {}

    static String of(IssueRequest request) {
        StringBuilder canonical = new StringBuilder();
        append(canonical, request.kind().name());
        append(canonical, request.userName());
        append(
                canonical,
                request.description() == null || request.description().isEmpty() ? null : request.description());
        append(canonical, request.rotatedFrom());
        if (request.ttl() != null) {
            append(canonical, "ttl=" + request.ttl().toSeconds());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void append(StringBuilder out, String value) {
        out.append(value == null ? "-1:" : value.length() + ":" + value).append('|');
    }
}
