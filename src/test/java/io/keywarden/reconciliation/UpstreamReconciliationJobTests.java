package io.keywarden.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.LossWindows;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.issuance.StaleIssuanceJob;
import io.keywarden.jobs.JobResult;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.support.ModuleTest;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The reconciliation module on its own: what it makes of one user's keys upstream (the records
 * aligned by the key's lifecycle, every change audited as drift, a key keywarden never issued
 * reported once, a user with an attempt in flight left alone) and the order of a run (stale
 * intents first, then every managed user in batches). Its neighbours are mocked; which status a
 * key takes is the key's own ({@code accesskey}), and the same drift against the sandbox, with the
 * key limit it frees or holds, is the full application's {@code UpstreamReconciliationTests}.
 */
@ModuleTest
class UpstreamReconciliationJobTests {

    private static final String USER = "team-recon";
    private static final String KEY = "AKrecon-1";
    private static final Instant CREATED = Instant.parse("2026-11-28T06:45:08Z");

    @MockitoBean
    UpstreamIamClient upstream;

    @MockitoBean
    KeyLifecycle lifecycle;

    @MockitoBean
    AccessKeyQueries keys;

    @MockitoBean
    KeyIssuer issuer;

    @MockitoBean
    AuditLog audit;

    @MockitoBean
    StaleIssuanceJob staleIssuances;

    @MockitoBean
    LossWindows losses;

    @MockitoBean
    LeasePolicy leases;

    private final UserReconciler users;
    private final UpstreamReconciliationJob job;

    UpstreamReconciliationJobTests(UserReconciler users, UpstreamReconciliationJob job) {
        this.users = users;
        this.job = job;
    }

    @ParameterizedTest(name = "recorded {0}, now {1}: drift {2}")
    @CsvSource(textBlock = """
            # recorded, as the lifecycle aligned it, a drift
            ACTIVE,   ACTIVE,   false
            ACTIVE,   INACTIVE, true
            ACTIVE,   DELETED,  true
            ROTATING, ROTATING, false
            ROTATING, INACTIVE, true
            INACTIVE, ACTIVE,   true
            INACTIVE, ROTATING, true
            INACTIVE, DELETED,  true
            """)
    void eachKeyTheUpstreamHadOtherwiseIsAuditedAsDriftAndCounted(
            AccessKeyStatus recorded, AccessKeyStatus aligned, boolean drift) {
        listed(List.of(upstreamKey(KEY, UpstreamKeyStatus.ACTIVE)));
        when(lifecycle.alignWithUpstream(eq(USER), any()))
                .thenReturn(List.of(new KeyLifecycle.Aligned(view(KEY, aligned), recorded)));

        JobResult result = users.reconcile(USER);

        assertThat(result).isEqualTo(new JobResult(1, drift ? 1 : 0, 0, null));
        if (drift) {
            AuditEntry entry = audited();
            assertThat(entry.actor()).isEqualTo("keywarden");
            assertThat(entry.action()).isEqualTo(AuditAction.RECONCILE_USER);
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.DRIFT_DETECTED);
            assertThat(entry.userName()).isEqualTo(USER);
            assertThat(entry.accessKeyId()).isEqualTo(KEY);
            assertThat(entry.detail()).isEqualTo("upstream says " + aligned + ", keywarden had " + recorded);
        } else {
            verify(audit, never()).append(any());
        }
    }

    @Test
    void theLifecycleIsGivenTheUpstreamsKeysByIdToAlignTheUsersRecordsWith() {
        UpstreamAccessKey listed = upstreamKey(KEY, UpstreamKeyStatus.INACTIVE);
        listed(List.of(listed, listed));

        users.reconcile(USER);

        verify(lifecycle).alignWithUpstream(USER, Map.of(KEY, listed));
    }

    @Test
    void aKeyUpstreamThatKeywardenNeverIssuedIsReportedOnceAndLeftAlone() {
        when(lifecycle.alignWithUpstream(eq(USER), any()))
                .thenReturn(
                        List.of(new KeyLifecycle.Aligned(view(KEY, AccessKeyStatus.ACTIVE), AccessKeyStatus.ACTIVE)));
        listed(List.of(
                upstreamKey(KEY, UpstreamKeyStatus.ACTIVE), upstreamKey("AKstranger", UpstreamKeyStatus.ACTIVE)));
        when(keys.knownIds(Set.of("AKstranger"))).thenReturn(Set.of());
        when(audit.recorded("AKstranger", AuditOutcome.UNMANAGED)).thenReturn(false, true);

        JobResult first = users.reconcile(USER);
        JobResult second = users.reconcile(USER);

        assertThat(first).isEqualTo(new JobResult(1, 0, 0, null));
        assertThat(second).isEqualTo(first);
        AuditEntry entry = audited();
        assertThat(entry.action()).isEqualTo(AuditAction.RECONCILE_USER);
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.UNMANAGED);
        assertThat(entry.userName()).isEqualTo(USER);
        assertThat(entry.accessKeyId()).isEqualTo("AKstranger");
        assertThat(entry.detail()).isEqualTo("a key upstream that keywarden did not issue; left alone");
        verify(upstream, never()).deleteAccessKey(anyString());
    }

    @Test
    void aKeyCreatedInAnAcknowledgedLossesWindowIsAdoptedWithTheRecoveredLeaseAndOneOutsideItLeftAlone() {
        String lost = "Vq1cG7eWJ+O2bX3qZ/9l1pQk4cR7w8yT0aB5dE6fG7I=";
        String older = "r8Tn2m+W0aLq5yZ/3cV9bX1eH4kJ7pQ0sD6fG2uI8oA=";
        Duration skew = Duration.ofSeconds(30);
        Duration lease = Duration.ofHours(8);
        Instant found = CREATED.plus(Duration.ofMinutes(5));
        listed(List.of(
                new UpstreamAccessKey(
                        lost, null, 256852758, "", UpstreamKeyStatus.ACTIVE, found.plus(skew), null, null),
                new UpstreamAccessKey(
                        older, null, 256852758, "", UpstreamKeyStatus.ACTIVE, CREATED.minusSeconds(31), null, null)));
        when(keys.knownIds(Set.of(lost, older))).thenReturn(Set.of());
        when(issuer.clockSkew()).thenReturn(skew);
        when(losses.acknowledged(skew))
                .thenReturn(List.of(new LossWindows.LossWindow(7, CREATED.minus(skew), found.plus(skew))));
        when(leases.recoveredLease()).thenReturn(lease);
        when(lifecycle.adoptRecovered(eq("keywarden"), eq(USER), any(), eq(7L), eq(lease)))
                .thenReturn(Optional.of(view(lost, AccessKeyStatus.ACTIVE)));
        // Reported unmanaged by a run before the operator acknowledged the loss: adopted all the same.
        when(audit.recorded(anyString(), eq(AuditOutcome.UNMANAGED))).thenReturn(true);

        JobResult result = users.reconcile(USER);

        assertThat(result).isEqualTo(new JobResult(1, 1, 0, null));
        ArgumentCaptor<UpstreamAccessKey> adopted = ArgumentCaptor.forClass(UpstreamAccessKey.class);
        verify(lifecycle).adoptRecovered(eq("keywarden"), eq(USER), adopted.capture(), eq(7L), eq(lease));
        assertThat(adopted.getAllValues())
                .extracting(UpstreamAccessKey::accessKeyId)
                .containsExactly(lost);
        verify(audit, never()).append(any());
        verify(upstream, never()).deleteAccessKey(anyString());
    }

    @Test
    void aKeyRecordedAsDeletedButStillListedUpstreamIsKnownAndNotCalledUnmanaged() {
        listed(List.of(upstreamKey(KEY, UpstreamKeyStatus.ACTIVE)));
        when(keys.knownIds(Set.of(KEY))).thenReturn(Set.of(KEY));

        JobResult result = users.reconcile(USER);

        assertThat(result).isEqualTo(new JobResult(1, 0, 0, null));
        verify(audit, never()).append(any());
        verify(audit, never()).recorded(anyString(), any());
    }

    @Test
    void aUserWithAnAttemptInFlightIsLeftForTheNextRunWithoutAskingTheUpstream() {
        when(issuer.hasUnsettledAttempt(USER)).thenReturn(true);

        JobResult result = users.reconcile(USER);

        assertThat(result).isEqualTo(JobResult.itemUnchanged());
        verify(upstream, never()).listAccessKeys(anyString());
        verify(lifecycle, never()).alignWithUpstream(anyString(), any());
    }

    @Test
    void aUserWhoseKeysTheUpstreamCannotListFailsAndChangesNothing() {
        when(upstream.listAccessKeys(USER))
                .thenReturn(new UpstreamOutcome.Unavailable<>("HTTP 503", Duration.ofSeconds(1), "req-1"));

        JobResult result = users.reconcile(USER);

        assertThat(result).isEqualTo(JobResult.itemFailed("could not list the keys of " + USER));
        verify(lifecycle, never()).alignWithUpstream(anyString(), any());
        verify(audit, never()).append(any());
    }

    @Test
    void aRunSettlesStaleIntentsFirstThenWalksEveryManagedUserInBatchesInNameOrder() {
        List<String> managed = IntStream.range(0, 450)
                .mapToObj(i -> String.format("team-%03d", i))
                .toList();
        when(staleIssuances.run()).thenReturn(new JobResult(2, 1, 0, null));
        when(keys.managedUsersAfter(anyString(), anyInt())).thenAnswer(call -> {
            String after = call.getArgument(0);
            int limit = call.getArgument(1);
            return managed.stream()
                    .filter(user -> user.compareTo(after) > 0)
                    .limit(limit)
                    .toList();
        });
        when(upstream.listAccessKeys(anyString())).thenReturn(new UpstreamOutcome.Success<>(List.of(), "req-1"));

        JobResult result = job.run();

        assertThat(result).isEqualTo(new JobResult(452, 1, 0, null));
        InOrder order = inOrder(staleIssuances, keys);
        order.verify(staleIssuances).run();
        order.verify(keys).managedUsersAfter("", 200);
        order.verify(keys).managedUsersAfter("team-199", 200);
        order.verify(keys).managedUsersAfter("team-399", 200);
        verify(upstream).listAccessKeys("team-000");
        verify(upstream).listAccessKeys("team-449");
    }

    private void listed(List<UpstreamAccessKey> upstreamKeys) {
        when(upstream.listAccessKeys(USER)).thenReturn(new UpstreamOutcome.Success<>(upstreamKeys, "req-1"));
    }

    private AuditEntry audited() {
        ArgumentCaptor<AuditEntry> entry = ArgumentCaptor.forClass(AuditEntry.class);
        verify(audit).append(entry.capture());
        return entry.getValue();
    }

    private static AccessKeyView view(String accessKeyId, AccessKeyStatus status) {
        return new AccessKeyView(
                accessKeyId,
                USER,
                256852758,
                "test key",
                status,
                CREATED,
                null,
                CREATED,
                "test-issuer",
                null,
                status == AccessKeyStatus.ROTATING ? CREATED.plus(Duration.ofDays(1)) : null,
                false,
                null);
    }

    private static UpstreamAccessKey upstreamKey(String accessKeyId, UpstreamKeyStatus status) {
        return new UpstreamAccessKey(accessKeyId, null, 256852758, "test key", status, CREATED, CREATED, null);
    }
}
