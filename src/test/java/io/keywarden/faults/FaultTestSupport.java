package io.keywarden.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditTrail;
import io.keywarden.issuance.StaleIssuanceJob;
import io.keywarden.jobs.internal.JobRunReport;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the fault tests share: a caller that remembers every answer it was given, the sandbox,
 * one pass of the stale-issuance reconciler, and the invariant of docs/architecture.md#what-it-promises (promise 2) written
 * once: after any fault and one reconciler pass, every key the upstream holds for the user is
 * recorded and was delivered in exactly one answer (replays repeat it byte for byte), and every
 * other key the faults made has been revoked. Its one exception: where a key was made by hand
 * upstream, keys that cannot be attributed are reported {@code ORPHAN_AMBIGUOUS}, never silently
 * left.
 */
abstract class FaultTestSupport extends ApplicationTestBase {

    @Autowired
    JobRunner jobs;

    @Autowired
    StaleIssuanceJob staleIssuances;

    /** Every 201 the caller received: what a caller could hold a secret from. */
    private final List<Api.Answer> delivered = new ArrayList<>();

    @BeforeEach
    void forgetDeliveries() {
        delivered.clear();
    }

    Api.Answer create(String user, String idempotencyKey) {
        return remember(api.createKey(Api.ISSUER, idempotencyKey, user));
    }

    Api.Answer rotate(String accessKeyId, String idempotencyKey) {
        return remember(api.call("POST", Api.keyPath(accessKeyId) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", idempotencyKey)
                .send());
    }

    /** The protocol's attempt: a create for the user, or a rotation of its key {@code old}. */
    Api.Answer attempt(Protocol protocol, String user, String old, String idempotencyKey) {
        return protocol == Protocol.ROTATE ? rotate(old, idempotencyKey) : create(user, idempotencyKey);
    }

    /** The key a rotation starts from, or {@code null} for a create. */
    String existingKeyFor(Protocol protocol, String user) {
        return protocol == Protocol.ROTATE ? create(user, newIdempotencyKey()).text("accessKeyId") : null;
    }

    private Api.Answer remember(Api.Answer answer) {
        if (answer.status() == 201) {
            delivered.add(answer);
        }
        return answer;
    }

    /** The highest audit event id so far: a cell reads only the events after it. */
    long auditMark() {
        return auditEvents.newestId();
    }

    /** "ACTION OUTCOME" of the user's audit events after the mark, oldest first. */
    List<String> auditSince(long mark, String user) {
        return auditEvents.ofUserAfter(user, mark).stream()
                .map(event -> event.action() + " " + event.outcome())
                .toList();
    }

    /** The keys of the user's audit events with this outcome, oldest first. */
    List<String> auditedKeys(String user, String outcome) {
        return auditEvents.ofUser(user).stream()
                .filter(event -> event.outcome().equals(outcome) && event.accessKeyId() != null)
                .map(AuditTrail.Event::accessKeyId)
                .toList();
    }

    /** Ends the user's leases at once (rather than waiting them out) and runs the reconciler once. */
    JobRunReport reconcileOnce(String user) {
        jdbc.update(
                "UPDATE issuance SET lease_until = now() - interval '1 second'"
                        + " WHERE user_name = ? AND state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN')",
                user);
        return jobs.run(staleIssuances, JobTrigger.MANUAL).orElseThrow();
    }

    List<String> upstreamKeyIds(String user) {
        return sandbox.keysOf(user).stream().map(SandboxKey::accessKeyId).toList();
    }

    String keyStatus(String accessKeyId) {
        return jdbc.queryForObject("SELECT status FROM access_key WHERE access_key_id = ?", String.class, accessKeyId);
    }

    /** The invariant of docs/architecture.md#what-it-promises (promise 2), for one user, as the upstream and the caller see it. */
    void assertNothingLostOrLeftAlive(String user) {
        assertNothingLostOrLeftAlive(user, Set.of());
    }

    /**
     * The invariant where keys were also made by hand upstream: those are never recorded nor
     * revoked by keywarden; any other key upstream that is not recorded must have been reported
     * for an operator.
     */
    void assertNothingLostOrLeftAlive(String user, Set<String> madeByHand) {
        Map<String, List<Api.Answer>> answersByKey =
                delivered.stream().collect(Collectors.groupingBy(answer -> answer.text("accessKeyId")));
        List<String> reported = auditedKeys(user, "ORPHAN_AMBIGUOUS");
        for (String id : madeByHand) {
            assertThat(recordedSecretHash(id))
                    .as("hand-made key %s is not recorded", id)
                    .isNull();
        }
        for (SandboxKey key : sandbox.keysOf(user)) {
            String id = key.accessKeyId();
            if (madeByHand.contains(id)) {
                continue;
            }
            if (!madeByHand.isEmpty() && recordedSecretHash(id) == null) {
                assertThat(reported)
                        .as("unrecorded key %s beside a hand-made one was reported for an operator", id)
                        .contains(id);
                continue;
            }
            assertThat(recordedSecretHash(id))
                    .as("upstream key %s is recorded with the fingerprint of its secret", id)
                    .isEqualTo(sha256(key.secret()));
            List<Api.Answer> answers = answersByKey.getOrDefault(id, List.of());
            assertThat(answers).as("upstream key %s went to a caller", id).isNotEmpty();
            assertThat(answers.stream().filter(a -> a.header("Idempotent-Replayed") == null))
                    .as("the secret of %s was delivered by exactly one original answer", id)
                    .hasSize(1);
            assertThat(answers.stream().map(Api.Answer::body).distinct())
                    .as("every replay of %s repeats the original answer", id)
                    .hasSize(1);
            assertThat(answers.get(0).text("accessKeySecret")).isEqualTo(key.secret());
        }
        assertThat(jdbc.queryForList(
                        "SELECT access_key_id FROM access_key WHERE user_name = ? AND status <> 'DELETED'",
                        String.class,
                        user))
                .as("every live record has its key upstream")
                .containsExactlyInAnyOrderElementsOf(upstreamKeyIds(user).stream()
                        .filter(id -> recordedSecretHash(id) != null || madeByHand.isEmpty())
                        .toList());
        List<String> upstream = upstreamKeyIds(user);
        assertThat(auditedKeys(user, "ORPHAN_REVOKED"))
                .as("revoked orphans are gone upstream and were never recorded")
                .allSatisfy(id -> {
                    assertThat(upstream).doesNotContain(id);
                    assertThat(recordedSecretHash(id)).isNull();
                });
        assertThat(jdbc.queryForList(
                        "SELECT state FROM issuance WHERE user_name = ? AND state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN')",
                        String.class,
                        user))
                .as("no attempt of the user is left unsettled")
                .isEmpty();
    }

    private String recordedSecretHash(String accessKeyId) {
        List<String> hashes = jdbc.queryForList(
                "SELECT secret_sha256 FROM access_key WHERE access_key_id = ?", String.class, accessKeyId);
        return hashes.isEmpty() ? null : hashes.get(0);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
