package io.keywarden.accesskey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.platform.jdbc.DeferredWrites;
import io.keywarden.support.PostgresContainerConfiguration;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamKeyStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code access_key} statements against the real schema, and the moves of {@link AccessKey}
 * saved through them, each test in a transaction rolled back after it.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({
    AccessKeyRepository.class,
    DeferredWrites.class,
    PostgresContainerConfiguration.class,
    AccessKeyRepositoryTests.Settings.class
})
class AccessKeyRepositoryTests {

    private static final Instant CREATED = Instant.parse("2026-11-01T10:15:30Z");
    private static final Instant NOW = Instant.parse("2026-11-20T08:00:00.123456Z");

    /** Key ids as the upstream makes them: standard base64, with + / and =. */
    private static final String ID_1 = "nfpO7E+etgHCYl//wT+ZQnwR3eBvpaW/HCPXV1uWzbc=";

    private static final String ID_2 = "+/9fURdfmduo0fV1E4UwHmQdISlyTkCYk7SAccHTaDs=";
    private static final String ID_3 = "Qk0x7c/3Rr+9aWwCq1vY0sUe2LhT5nJm8dXoPzAiKbE=";

    @Autowired
    AccessKeyRepository keys;

    @Autowired
    JdbcTemplate jdbc;

    @TestConfiguration(proxyBeanMethods = false)
    static class Settings {

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Bean
        RotationTerms rotationTerms() {
            return new RotationTerms() {
                @Override
                public Duration maxAge() {
                    return Duration.ofDays(90);
                }

                @Override
                public Duration gracePeriod() {
                    return Duration.ofDays(7);
                }
            };
        }
    }

    @Test
    void aRecordedKeyIsFoundByItsUpstreamIdWithEveryField() {
        UUID issuance = UUID.randomUUID();
        keys.insert(
                new NewAccessKey(
                        ID_1,
                        "payments-batch",
                        200000001L,
                        "nightly export",
                        "a".repeat(64),
                        "payments-rotation",
                        issuance,
                        ID_2,
                        CREATED,
                        null,
                        CREATED.plus(Duration.ofHours(8)),
                        Duration.ofHours(8)),
                NOW);

        AccessKey found = keys.findByAccessKeyId(ID_1).orElseThrow();

        assertThat(found.accessKeyId()).isEqualTo(ID_1);
        assertThat(found.userName()).isEqualTo("payments-batch");
        assertThat(found.upstreamUserId()).isEqualTo(200000001L);
        assertThat(found.description()).isEqualTo("nightly export");
        assertThat(found.status()).isEqualTo(AccessKeyStatus.ACTIVE);
        assertThat(found.secretSha256()).isEqualTo("a".repeat(64));
        assertThat(found.issuedBy()).isEqualTo("payments-rotation");
        assertThat(found.issuanceId()).isEqualTo(issuance);
        assertThat(found.rotatedFrom()).isEqualTo(ID_2);
        assertThat(found.createdAt()).isEqualTo(CREATED);
        assertThat(found.updatedAt()).isEqualTo(CREATED);
        assertThat(found.expiresAt()).isEqualTo(CREATED.plus(Duration.ofHours(8)));
        assertThat(found.lease()).isEqualTo(Duration.ofHours(8));
        assertThat(found.retireAt()).isNull();
        assertThat(found.recordedAt()).isEqualTo(NOW);
        assertThat(keys.findFirstByRotatedFrom(ID_2)).contains(found);
        assertThat(keys.findByAccessKeyId(ID_2)).isEmpty();
    }

    @Test
    void aKeyReadForUpdateIsTheSameRowAndAnUnknownOneIsNothing() {
        record(ID_1, "alice");

        assertThat(keys.findForUpdate(ID_1))
                .isEqualTo(keys.findByAccessKeyId(ID_1))
                .isPresent();
        assertThat(keys.findForUpdate(ID_3)).isEmpty();
    }

    @Test
    void aKeyWithoutLeaseOrDescriptionReadsBackAsNulls() {
        record(ID_1, "alice");

        AccessKey found = keys.findByAccessKeyId(ID_1).orElseThrow();

        assertThat(found.lease()).isNull();
        assertThat(found.leaseSeconds()).isNull();
        assertThat(found.expiresAt()).isNull();
        assertThat(found.description()).isNull();
        assertThat(found.rotatedFrom()).isNull();
    }

    @Test
    void theSameUpstreamKeyCannotBeRecordedTwice() {
        record(ID_1, "alice");

        assertThatThrownBy(() -> record(ID_1, "bob")).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aUsersLiveKeysLeaveOutDeletedOnesAndOtherUsers() {
        record(ID_1, "paged-user");
        record(ID_2, "paged-user");
        record(ID_3, "other-user");
        move(ID_1, key -> key.delete(NOW));

        assertThat(keys.findLiveByUserName("paged-user"))
                .extracting(AccessKey::accessKeyId)
                .containsExactly(ID_2);
    }

    @Test
    void knownIdsAnswerOnlyTheRecordedOnesWhateverTheirStatus() {
        record(ID_1, "alice");
        record(ID_2, "alice");
        move(ID_2, key -> key.delete(NOW));

        assertThat(keys.findKnownIds(List.of(ID_1, ID_2, ID_3))).containsExactlyInAnyOrder(ID_1, ID_2);
        assertThat(keys.findKnownIds(List.of())).isEmpty();
    }

    @Test
    void supersedingMakesAnActiveKeyRotatingAndLeavesADisabledOneDisabled() {
        record(ID_1, "alice");
        record(ID_2, "alice");
        move(ID_2, key -> key.disable(NOW));
        Instant retireAt = NOW.plus(Duration.ofDays(7));

        move(ID_1, key -> key.supersede(retireAt, NOW));
        move(ID_2, key -> key.supersede(retireAt, NOW));

        AccessKey active = keys.findByAccessKeyId(ID_1).orElseThrow();
        AccessKey disabled = keys.findByAccessKeyId(ID_2).orElseThrow();
        assertThat(active.status()).isEqualTo(AccessKeyStatus.ROTATING);
        assertThat(disabled.status()).isEqualTo(AccessKeyStatus.INACTIVE);
        assertThat(List.of(active.retireAt(), disabled.retireAt())).containsOnly(retireAt);
        assertThat(active.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void aSavedMoveAnswersTheChangedRowAndNothingForAnUnknownKey() {
        record(ID_1, "alice");
        AccessKey key = keys.findByAccessKeyId(ID_1).orElseThrow();
        AccessKey unknown = new AccessKey(
                0,
                ID_3,
                "alice",
                1,
                null,
                AccessKeyStatus.ACTIVE,
                "a".repeat(64),
                "test-client",
                null,
                null,
                null,
                CREATED,
                null,
                null,
                CREATED,
                NOW,
                null);

        assertThat(keys.save(key, key.disable(NOW))).hasValueSatisfying(saved -> {
            assertThat(saved.status()).isEqualTo(AccessKeyStatus.INACTIVE);
            assertThat(saved.updatedAt()).isEqualTo(NOW);
        });
        assertThat(keys.save(unknown, unknown.disable(NOW))).isEmpty();
    }

    @Test
    void aMoveDecidedOnARowThatChangedSinceIsNotSaved() {
        record(ID_1, "alice");
        AccessKey read = keys.findByAccessKeyId(ID_1).orElseThrow();
        move(ID_1, key -> key.disable(NOW));

        assertThat(keys.save(read, read.alignWith(null, NOW))).isEmpty();
        assertThat(keys.save(read, read.supersede(NOW.plus(Duration.ofDays(7)), NOW)))
                .isEmpty();
        assertThat(keys.findByAccessKeyId(ID_1).orElseThrow().status()).isEqualTo(AccessKeyStatus.INACTIVE);
    }

    @Test
    void aKeyAlignedWithTheUpstreamTakesItsStatus() {
        record(ID_1, "alice");
        UpstreamAccessKey disabledUpstream =
                new UpstreamAccessKey(ID_1, null, 1, null, UpstreamKeyStatus.INACTIVE, CREATED, null, null);

        AccessKey aligned = move(ID_1, key -> key.alignWith(disabledUpstream, NOW));

        assertThat(aligned.status()).isEqualTo(AccessKeyStatus.INACTIVE);
        assertThat(move(ID_1, key -> key.alignWith(null, NOW)).status()).isEqualTo(AccessKeyStatus.DELETED);
    }

    @Test
    void aRenewedLeaseEndsAtItsNewTime() {
        Instant created = NOW.minus(Duration.ofMinutes(30));
        recordLeased(ID_1, created, Duration.ofHours(1));
        LeaseBounds unbounded = new LeaseBounds(null, null, null, "for this client");

        AccessKey renewed = move(ID_1, key -> key.renew(Duration.ofHours(2), unbounded, NOW));

        assertThat(renewed.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(keys.findByAccessKeyId(ID_1).orElseThrow().expiresAt()).isEqualTo(renewed.expiresAt());
    }

    @Test
    void keysDueForRetirementAreSupersededOnesPastTheirGraceInPositionOrderAndBounded() {
        // From the run's last key on: its other tests leave keys of their own.
        long start = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM access_key", Long.class);
        record(ID_1, "alice");
        record(ID_2, "alice");
        record(ID_3, "bob");
        move(ID_1, key -> key.supersede(NOW.minusSeconds(1), NOW));
        move(ID_2, key -> key.supersede(NOW.minusSeconds(1), NOW));
        move(ID_3, key -> key.supersede(NOW.plusSeconds(60), NOW));

        List<AccessKey> first = keys.findDueForRetirement(NOW, start, 1);
        List<AccessKey> rest = keys.findDueForRetirement(NOW, first.get(0).id(), 10);

        assertThat(first).extracting(AccessKey::accessKeyId).containsExactly(ID_1);
        assertThat(rest).extracting(AccessKey::accessKeyId).containsExactly(ID_2);
        move(ID_2, key -> key.delete(NOW));
        assertThat(keys.findDueForRetirement(NOW, first.get(0).id(), 10)).isEmpty();
    }

    @Test
    void managedUsersAreThoseWithAKeyNotDeletedInNameOrder() {
        // The run's other tests have users too: these names share a prefix no other test uses.
        String prefix = "managed-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        record(ID_1, prefix + "carol");
        record(ID_2, prefix + "alice");
        record(ID_3, prefix + "bob");
        move(ID_3, key -> key.delete(NOW));

        assertThat(keys.findManagedUsersAfter(prefix, 1)).containsExactly(prefix + "alice");
        assertThat(keys.findManagedUsersAfter(prefix + "alice", 1)).containsExactly(prefix + "carol");
        assertThat(keys.findManagedUsersAfter(prefix, 10))
                .filteredOn(name -> name.startsWith(prefix))
                .containsExactly(prefix + "alice", prefix + "carol");
    }

    @Test
    void keysDueForRotationAreActiveOnesCreatedBeforeTheCutoff() {
        // Counted as a difference: the run's other tests leave keys of their own.
        long before = keys.countDueForRotation(CREATED.plusSeconds(1));
        long atCreation = keys.countDueForRotation(CREATED);
        record(ID_1, "alice");
        record(ID_2, "alice");
        move(ID_2, key -> key.supersede(NOW.plus(Duration.ofDays(7)), NOW));

        assertThat(keys.countDueForRotation(CREATED.plusSeconds(1))).isEqualTo(before + 1);
        assertThat(keys.countDueForRotation(CREATED)).isEqualTo(atCreation);
    }

    @Test
    void theDatabaseRefusesAnUnknownStatus() {
        record(ID_1, "alice");

        assertThatThrownBy(() -> jdbc.update("UPDATE access_key SET status = 'LOST' WHERE access_key_id = ?", ID_1))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private void record(String id, String userName) {
        keys.insert(
                new NewAccessKey(
                        id,
                        userName,
                        200000001L,
                        null,
                        "a".repeat(64),
                        "test-client",
                        UUID.randomUUID(),
                        null,
                        CREATED,
                        null,
                        null,
                        null),
                NOW);
    }

    /** Makes a move on the key as it stands and saves it, as the lifecycle does. */
    private AccessKey move(String id, UnaryOperator<AccessKey> move) {
        AccessKey key = keys.findForUpdate(id).orElseThrow();
        return keys.save(key, move.apply(key)).orElseThrow();
    }

    private void recordLeased(String id, Instant createdAt, Duration lease) {
        keys.insert(
                new NewAccessKey(
                        id,
                        "alice",
                        200000001L,
                        null,
                        "a".repeat(64),
                        "test-client",
                        UUID.randomUUID(),
                        null,
                        createdAt,
                        null,
                        createdAt.plus(lease),
                        lease),
                NOW);
    }
}
