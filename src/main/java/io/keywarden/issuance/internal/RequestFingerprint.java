package io.keywarden.issuance.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The SHA-256 of what a request asks for, so a reused idempotency key can be told apart from a
 * retry: the same kind, user, description, predecessor and ttl give the same fingerprint, however
 * the JSON was spelled. A request without a ttl keeps the fingerprint it had before leases existed.
 * Taken once per request, as it is admitted ({@link IssueRequest#fingerprint()}).
 */
final class RequestFingerprint {

    private RequestFingerprint() {}

    static String of(IssuanceKind kind, String userName, String description, String rotatedFrom, Duration ttl) {
        StringBuilder canonical = new StringBuilder();
        append(canonical, kind.name());
        append(canonical, userName);
        append(canonical, description == null || description.isEmpty() ? null : description);
        append(canonical, rotatedFrom);
        if (ttl != null) {
            append(canonical, "ttl=" + ttl.toSeconds());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void append(StringBuilder out, String value) {
        out.append(value == null ? "-1:" : value.length() + ":" + value).append('|');
    }
}
