import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.security.MessageDigest;

/**
 * Writes N correctly chained audit events as PostgreSQL COPY text on standard output, for the
 * benchmark's verification of a large log. The canonical form and hash repeat chain version 2 of
 * io.keywarden.audit.internal.AuditChain exactly (SHA-256 of the previous hash and the
 * length-prefixed fields, chain version and key id first, the token's subject and id last, "-1:"
 * for null, each followed by '|');
 * the benchmark checks the result with keywarden's own verification endpoint and with the
 * offline verifier, which must both answer intact.
 *
 * Usage: java bench/SeedAuditEvents.java KEY_ID COUNT | psql ... -c "COPY audit_event (...) FROM STDIN"
 */
public class SeedAuditEvents {

    public static void main(String[] args) throws Exception {
        String keyId = args[0].trim();
        long count = Long.parseLong(args[1]);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        String previous = "0".repeat(64);
        StringBuilder text = new StringBuilder(1024);
        StringBuilder line = new StringBuilder(1024);
        OutputStream raw = new BufferedOutputStream(System.out, 1 << 20);
        for (long id = 1; id <= count; id++) {
            // one event per millisecond; microsecond precision round-trips through timestamptz
            Instant at = start.plusMillis(id);
            String user = "bench-" + (id % 10_000);
            // Access key ids in the gateway's shape: standard Base64 of 32 bytes, with + / and =.
            String accessKeyId = Base64.getEncoder()
                    .encodeToString(sha256.digest(("bench-key-" + id).getBytes(StandardCharsets.UTF_8)));
            String action = id % 10 == 0 ? "ROTATE_ACCESS_KEY" : "CREATE_ACCESS_KEY";
            String outcome = id % 50 == 0 ? "REJECTED" : "SUCCEEDED";
            Integer retCode = id % 50 == 0 ? 11105 : 0;
            String upstreamRequestId = "req-" + id;
            String idempotencyKey = "seed-" + id;
            String requestId = "seed-request-" + id;
            String clientAddress = "127.0.0.1";
            String detail = id % 50 == 0 ? "AccessKey count exceeds limit" : null;
            String[] fields = {
                "2", keyId, Long.toString(id), at.toString(), "bench-issuer", action, outcome, user, accessKeyId,
                retCode == null ? null : retCode.toString(), upstreamRequestId, idempotencyKey, requestId,
                clientAddress, detail, null, null
            };
            text.setLength(0);
            text.append(previous);
            for (String field : fields) {
                if (field == null) {
                    text.append("-1:");
                } else {
                    text.append(field.length()).append(':').append(field);
                }
                text.append('|');
            }
            String hash = hex.formatHex(sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
            line.setLength(0);
            line.append(id).append('\t')
                    .append(at.toString()).append('\t');
            for (int i = 4; i < fields.length; i++) {
                line.append(fields[i] == null ? "\\N" : fields[i]).append('\t');
            }
            line.append(previous).append('\t').append(hash).append("\t2\t").append(keyId).append('\n');
            raw.write(line.toString().getBytes(StandardCharsets.UTF_8));
            previous = hash;
        }
        raw.flush();
    }
}
