package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditLog;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A roll of the checkpoint signing key is itself audited: a start that finds the latest
 * checkpoint signed by another key than its own appends an event naming both, and whether the old
 * public key is still configured for verification.
 */
@KeywardenTest
class AuditKeyEventsTests extends ApplicationTestBase {

    private static final String NEXT_KEY = "PCEZIiNtz9EkJthwM4yB2+mzkX/2lX8QhSv6yVRhGJQ=";

    @Autowired
    AuditLog audit;

    @Autowired
    AuditSigning signing;

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aStartWithANewSigningKeyRecordsTheRollNamingBothKeys() {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(api.call("POST", "/admin/v1/jobs/audit-checkpoint/runs")
                        .token(Api.ADMIN)
                        .send()
                        .status())
                .isEqualTo(201);
        String old = signing.currentKeyId();
        AuditSigning rolled = new AuditSigning(new AuditProperties(
                "YSKwZOlCbTUfniHvpEDG+WIsmCjyIYabfNgyJ+sufFA=",
                NEXT_KEY,
                List.of(Base64.getEncoder()
                        .encodeToString(signing.publicKeys().get(old).getEncoded())),
                new AuditProperties.Checkpoints(true, Duration.ofMinutes(1), Path.of("unused"), null)));
        long before = jdbc.queryForObject("SELECT max(id) FROM audit_event", Long.class);

        new AuditKeyEvents(jdbc, audit, rolled, checkpoints, transactions).recordChanges();

        List<String> recorded = jdbc.queryForList(
                "SELECT action || ' ' || detail FROM audit_event WHERE id > ? ORDER BY id", String.class, before);
        assertThat(recorded)
                .containsExactly(
                        "ROLL_AUDIT_SIGNING_KEY checkpoint signing key " + old + " rolled to " + rolled.currentKeyId());
    }

    @Test
    void aStartWithTheSameKeyRecordsNothing() {
        long before = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM audit_event", Long.class);

        new AuditKeyEvents(jdbc, audit, signing, checkpoints, transactions).recordChanges();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE id > ?", Long.class, before))
                .isZero();
    }
}
