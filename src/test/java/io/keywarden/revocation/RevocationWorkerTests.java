package io.keywarden.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.keywarden.accesskey.AccessKeyDeletedException;
import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.accesskey.SelectedKey;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.jobs.JobResult;
import io.keywarden.support.ModuleTest;
import io.keywarden.upstream.UpstreamFailure;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The revocation module on its own, on the real database: a revocation's snapshot, its claims
 * and their leases, the worker that carries it on (the application's and others, as instances
 * would), retries with their reasons, skips and giving up. Whose keys match and how one is
 * revoked belong to {@code accesskey}, mocked here; the HTTP API and the sandbox upstream are the
 * full application's ({@code RevocationTests}).
 */
@ModuleTest
@TestPropertySource(
        properties = {
            "keywarden.revocations.retry-backoff=PT0.1S",
            "keywarden.revocations.max-backoff=PT0.2S",
            "keywarden.revocations.max-attempts=3"
        })
class RevocationWorkerTests {

    private static final String REASON = "test-issuer token leaked (INC-1)";
    private static final Caller ADMIN = new Caller("test-admin", Set.of(Role.ADMIN), List.of());

    @MockitoBean
    AccessKeyQueries keys;

    @MockitoBean
    KeyLifecycle lifecycle;

    @MockitoBean
    AuditLog audit;

    private final Revocations revocations;
    private final RevocationStore store;
    private final RevocationWorker worker;
    private final RevocationProperties properties;
    private final JdbcTemplate jdbc;

    RevocationWorkerTests(
            Revocations revocations,
            RevocationStore store,
            RevocationWorker worker,
            RevocationProperties properties,
            JdbcTemplate jdbc) {
        this.revocations = revocations;
        this.store = store;
        this.worker = worker;
        this.properties = properties;
        this.jdbc = jdbc;
    }

    /** No revocation left running by another test is carried on by this test's worker. */
    @BeforeEach
    void endRevocationsLeftRunning() {
        endRunningRevocations();
    }

    /** Nor is one this test leaves carried on by another's. */
    @AfterEach
    void endRunningRevocations() {
        jdbc.update("UPDATE revocation SET state = 'DONE', claimed_by = NULL, claimed_until = NULL"
                + " WHERE state = 'RUNNING'");
    }

    @Test
    void aStartedRevocationSnapshotsTheMatchedKeysAndAuditsItsStart() {
        List<SelectedKey> matched = matching("team-snap", 3);

        UUID id = start("team-snap-*");

        RevocationReport report = report(id);
        assertThat(report.state()).isEqualTo(RevocationState.RUNNING);
        assertThat(report.requestedBy()).isEqualTo("test-admin");
        assertThat(report.reason()).isEqualTo(REASON);
        assertThat(report.filter().userName()).isEqualTo("team-snap-*");
        assertThat(report.matched()).isEqualTo(3);
        assertThat(report.pending()).isEqualTo(3);
        assertThat(store.due(id, Instant.now(), 10))
                .extracting(RevocationStore.PendingKey::accessKeyId)
                .containsExactlyElementsOf(
                        matched.stream().map(SelectedKey::accessKeyId).toList());
        ArgumentCaptor<AuditEntry> started = ArgumentCaptor.forClass(AuditEntry.class);
        verify(audit).append(started.capture());
        assertThat(started.getValue().action()).isEqualTo(AuditAction.START_REVOCATION);
        assertThat(started.getValue().outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
        assertThat(started.getValue().detail()).isEqualTo("revocation " + id + " of 3 keys: " + REASON);
    }

    @Test
    void aRevocationThatMatchesNothingIsDoneAtOnce() {
        matching("team-none", 0);

        UUID id = start("team-none-*");

        RevocationReport report = report(id);
        assertThat(report.state()).isEqualTo(RevocationState.DONE);
        assertThat(report.matched()).isZero();
        assertThat(report.finishedAt()).isNotNull();
    }

    /**
     * The kill of an instance, in one JVM: a worker of another instance claims the revocation,
     * revokes part of it and is never heard of again, its claim left behind as a crash leaves it.
     * The application's own worker carries the revocation on once that claim runs out.
     */
    @Test
    void aRevocationAbandonedMidWayByItsWorkerIsCarriedOnByAnotherFromWhereItStopped() {
        List<SelectedKey> matched = matching("team-killed", 6);
        UUID id = start("team-killed-*");
        RevocationWorker killed =
                new RevocationWorker(store, lifecycle, properties, Clock.systemUTC(), "killed-instance");
        RevocationStore.Claimed claimed = store.claim("killed-instance", properties.claimLease(), List.of())
                .orElseThrow();
        assertThat(claimed.id()).isEqualTo(id);

        killed.revokeDue(claimed, 3);
        worker.run();

        RevocationReport whileClaimed = report(id);
        assertThat(whileClaimed.state()).isEqualTo(RevocationState.RUNNING);
        assertThat(whileClaimed.revoked()).isEqualTo(3);
        assertThat(whileClaimed.pending()).isEqualTo(3);

        // The killed instance's claim runs out (its lease passes).
        jdbc.update("UPDATE revocation SET claimed_until = now() WHERE id = ?", id);
        worker.run();

        assertThat(report(id).state()).isEqualTo(RevocationState.DONE);
        assertThat(report(id).revoked()).isEqualTo(6);
        for (SelectedKey key : matched) {
            verify(lifecycle, times(1)).revoke("test-admin", key.accessKeyId(), "revocation " + id + ": " + REASON);
        }
    }

    @Test
    void aKeyTheUpstreamFailsIsRetriedAfterItsWaitWithItsReasonKeptUntilItIsGivenUp() {
        List<SelectedKey> matched = matching("team-fail", 2);
        String failing = matched.get(1).accessKeyId();
        doThrow(unavailable()).when(lifecycle).revoke(anyString(), eq(failing), anyString());
        UUID id = start("team-fail-*");
        Instant beforeRun = Instant.now();

        JobResult first = worker.run();

        assertThat(first)
                .isEqualTo(new JobResult(2, 1, 1, failing + ": " + unavailable().getMessage()));
        RevocationReport afterOne = report(id);
        assertThat(afterOne.state()).isEqualTo(RevocationState.RUNNING);
        assertThat(afterOne.revoked()).isEqualTo(1);
        assertThat(afterOne.pending()).isEqualTo(1);
        assertThat(afterOne.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.accessKeyId()).isEqualTo(failing);
            assertThat(failure.userName()).isEqualTo("team-fail-1");
            assertThat(failure.reason()).isEqualTo(unavailable().getMessage());
            assertThat(failure.attempts()).isEqualTo(1);
            assertThat(failure.gaveUp()).isFalse();
        });
        assertThat(store.due(id, beforeRun, 10))
                .as("a key is tried again only once its wait has passed")
                .isEmpty();
        assertThat(store.due(id, beforeRun.plus(Duration.ofMinutes(1)), 10))
                .extracting(RevocationStore.PendingKey::accessKeyId)
                .containsExactly(failing);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            worker.run();
            return report(id).state() != RevocationState.RUNNING;
        });

        RevocationReport ended = report(id);
        assertThat(ended.state()).isEqualTo(RevocationState.FAILED);
        assertThat(ended.revoked()).isEqualTo(1);
        assertThat(ended.failed()).isEqualTo(1);
        assertThat(ended.pending()).isZero();
        assertThat(ended.finishedAt()).isNotNull();
        assertThat(ended.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.attempts()).isEqualTo(properties.maxAttempts());
            assertThat(failure.gaveUp()).isTrue();
        });
        verify(lifecycle, times(properties.maxAttempts())).revoke(anyString(), eq(failing), anyString());
    }

    @Test
    void keysDeletedOrGoneSinceTheSnapshotAreSkipped() {
        List<SelectedKey> matched = matching("team-gone", 3);
        doThrow(new AccessKeyDeletedException(matched.get(0).accessKeyId()))
                .when(lifecycle)
                .revoke(anyString(), eq(matched.get(0).accessKeyId()), anyString());
        doThrow(new AccessKeyNotFoundException("no such key"))
                .when(lifecycle)
                .revoke(anyString(), eq(matched.get(1).accessKeyId()), anyString());
        UUID id = start("team-gone-*");

        JobResult result = worker.run();

        assertThat(result).isEqualTo(new JobResult(3, 1, 0, null));
        RevocationReport report = report(id);
        assertThat(report.state()).isEqualTo(RevocationState.DONE);
        assertThat(report.skipped()).isEqualTo(2);
        assertThat(report.revoked()).isEqualTo(1);
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void aRunHandlesAtMostItsBudgetInBatchesAndWorksOnEachRevocationOnce() {
        matching("team-budget", 2);
        UUID older = start("team-budget-*");
        UUID newer = start("team-budget-*");
        jdbc.update("UPDATE revocation SET created_at = created_at - interval '1 second' WHERE id = ?", older);
        RevocationProperties small = new RevocationProperties(
                2,
                3,
                properties.claimLease(),
                properties.retryBackoff(),
                properties.maxBackoff(),
                properties.maxAttempts());
        RevocationWorker budgeted = new RevocationWorker(store, lifecycle, small, Clock.systemUTC(), "budgeted");

        JobResult first = budgeted.run();

        assertThat(first.examined()).isEqualTo(3);
        assertThat(report(older).state()).isEqualTo(RevocationState.DONE);
        assertThat(report(newer).revoked()).isEqualTo(1);
        assertThat(report(newer).pending()).isEqualTo(1);
        assertThat(store.claim("another", properties.claimLease(), List.of()))
                .as("the run released its claims")
                .map(RevocationStore.Claimed::id)
                .contains(newer);
        store.release(newer, "another");

        JobResult second = budgeted.run();

        assertThat(second.examined()).isEqualTo(1);
        assertThat(report(newer).state()).isEqualTo(RevocationState.DONE);
    }

    private UUID start(String userNames) {
        return revocations.start(
                ADMIN, new RevocationRequest(new RevocationFilter(userNames, null, null, null, null), REASON, false));
    }

    private RevocationReport report(UUID id) {
        return revocations.report(id.toString());
    }

    /** Keys of users {@code prefix-0}, {@code prefix-1}, ... that any selection matches, in position order. */
    private List<SelectedKey> matching(String prefix, int count) {
        List<SelectedKey> matched = new ArrayList<>();
        long base = System.nanoTime();
        for (int i = 0; i < count; i++) {
            matched.add(new SelectedKey(
                    base + i,
                    "AK" + prefix + "-" + UUID.randomUUID(),
                    prefix + "-" + i,
                    AccessKeyStatus.ACTIVE,
                    Instant.now(),
                    "test-issuer"));
        }
        when(keys.selected(any(), anyLong(), anyInt())).thenAnswer(call -> {
            long after = call.getArgument(1);
            int limit = call.getArgument(2);
            return matched.stream()
                    .filter(key -> key.position() > after)
                    .limit(limit)
                    .toList();
        });
        return matched;
    }

    private static UpstreamFailure unavailable() {
        return new UpstreamOutcome.Unavailable<Void>("HTTP 503", Duration.ofSeconds(1), "req-1")
                .failure("nothing changed", "it may have changed");
    }
}
