import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes N correctly chained audit events as PostgreSQL COPY text on standard output, for the
 * benchmark's verification of a large log. The canonical form and HMAC repeat
 * io.keywarden.audit.internal.AuditChain exactly (length-prefixed fields in column order, "-1:"
 * for null, each followed by '|', previous hash first); the benchmark checks the result with keywarden's own
 * verification endpoint, which must answer intact.
 *
 * Usage: java bench/SeedAuditEvents.java CHAIN_KEY_BASE64 COUNT | psql ... -c "COPY audit_event (...) FROM STDIN"
 */
public class SeedAuditEvents {

    public static void main(String[] args) throws Exception {
        byte[] key = Base64.getDecoder().decode(args[0].trim());
        long count = Long.parseLong(args[1]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
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
            String keyId = String.format("%032x", id * 2654435761L);
            String action = id % 10 == 0 ? "ROTATE_ACCESS_KEY" : "CREATE_ACCESS_KEY";
            String outcome = id % 50 == 0 ? "REJECTED" : "SUCCEEDED";
            Integer retCode = id % 50 == 0 ? 11105 : 0;
            String upstreamRequestId = "req-" + id;
            String idempotencyKey = "seed-" + id;
            String requestId = "seed-request-" + id;
            String clientAddress = "127.0.0.1";
            String detail = id % 50 == 0 ? "AccessKey count exceeds limit" : null;
            String[] fields = {
                Long.toString(id), at.toString(), "bench-issuer", action, outcome, user, keyId,
                retCode == null ? null : retCode.toString(), upstreamRequestId, idempotencyKey, requestId,
                clientAddress, detail
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
            String hash = hex.formatHex(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)));
            line.setLength(0);
            line.append(id).append('\t')
                    .append(at.toString()).append('\t');
            for (int i = 2; i < fields.length; i++) {
                line.append(fields[i] == null ? "\\N" : fields[i]).append('\t');
            }
            line.append(previous).append('\t').append(hash).append('\n');
            raw.write(line.toString().getBytes(StandardCharsets.UTF_8));
            previous = hash;
        }
        raw.flush();
    }
}
