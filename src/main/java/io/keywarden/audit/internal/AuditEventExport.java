package io.keywarden.audit.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes audit events in id order as NDJSON, one event a line with every field the chain hashes
 * (the time exactly as hashed), its hashes, chain version and key id: everything the offline
 * verifier needs. The rows stream through a cursor inside one read-only transaction, so an export
 * of any size runs in constant memory and is one consistent snapshot.
 */
@Service
class AuditEventExport {

    static final String NDJSON = "application/x-ndjson";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    AuditEventExport(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /** Events with {@code from <= id <= to} (either bound may be absent). */
    void write(Long from, Long to, OutputStream out) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        readOnly.executeWithoutResult(tx -> jdbc.query(
                connection -> {
                    PreparedStatement statement = connection.prepareStatement(
                            AuditEventRows.SELECT + " FROM audit_event WHERE id >= ? AND id <= ? ORDER BY id",
                            ResultSet.TYPE_FORWARD_ONLY,
                            ResultSet.CONCUR_READ_ONLY);
                    statement.setLong(1, from == null ? 1 : from);
                    statement.setLong(2, to == null ? Long.MAX_VALUE : to);
                    statement.setFetchSize(AuditChainVerifier.FETCH_SIZE);
                    return statement;
                },
                rs -> {
                    try {
                        writer.write(line(AuditEventRows.read(rs)));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }));
        try {
            writer.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static String line(StoredAuditEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", event.id());
        fields.put("occurredAt", event.occurredAt().toString());
        fields.put("actor", event.actor());
        fields.put("action", event.action());
        fields.put("outcome", event.outcome());
        fields.put("userName", event.userName());
        fields.put("accessKeyId", event.accessKeyId());
        fields.put("upstreamRetCode", event.upstreamRetCode());
        fields.put("upstreamRequestId", event.upstreamRequestId());
        fields.put("idempotencyKey", event.idempotencyKey());
        fields.put("requestId", event.requestId());
        fields.put("clientAddress", event.clientAddress());
        fields.put("detail", event.detail());
        fields.put("tokenSubject", event.tokenSubject());
        fields.put("tokenId", event.tokenId());
        fields.put("previousHash", event.previousHash());
        fields.put("hash", event.hash());
        fields.put("chainVersion", event.chainVersion());
        fields.put("keyId", event.keyId());
        return JSON.writeValueAsString(fields) + "\n";
    }
}
