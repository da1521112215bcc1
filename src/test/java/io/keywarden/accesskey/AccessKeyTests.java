package io.keywarden.accesskey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamKeyStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The states of a key and the moves between them, as a table: every state against every move,
 * each either allowed (the state it leads to) or refused (the refusal callers answer with).
 */
class AccessKeyTests {

    private static final String ID = "nfpO7E+etgHCYl//wT+ZQnwR3eBvpaW/HCPXV1uWzbc=";
    private static final Instant CREATED = Instant.parse("2026-11-28T06:00:00Z");
    private static final Instant NOW = CREATED.plus(Duration.ofMinutes(30));
    private static final Instant RETIRE_AT = NOW.plus(Duration.ofDays(7));
    private static final Duration LEASE = Duration.ofHours(1);
    private static final LeaseBounds UNBOUNDED = new LeaseBounds(null, null, null, "for this client");

    /** A key in each state there is, with a lease that has not ended. */
    enum State {
        ACTIVE(AccessKeyStatus.ACTIVE, null),
        ROTATING(AccessKeyStatus.ROTATING, RETIRE_AT),
        INACTIVE(AccessKeyStatus.INACTIVE, null),
        INACTIVE_SUPERSEDED(AccessKeyStatus.INACTIVE, RETIRE_AT),
        DELETED(AccessKeyStatus.DELETED, null);

        final AccessKeyStatus status;
        final Instant retireAt;

        State(AccessKeyStatus status, Instant retireAt) {
            this.status = status;
            this.retireAt = retireAt;
        }

        AccessKey key() {
            return AccessKeyTests.key(status, retireAt, CREATED.plus(LEASE), LEASE.toSeconds());
        }
    }

    /** Every move a key can be asked to make. */
    enum Move {
        ROTATE(AccessKey::requireRotatable),
        SUPERSEDE(key -> key.supersede(RETIRE_AT, NOW)),
        RENEW(key -> key.renew(Duration.ofHours(2), UNBOUNDED, NOW)),
        DISABLE(key -> key.disable(NOW)),
        ENABLE(key -> key.enable(NOW)),
        DELETE(key -> key.delete(NOW)),
        ALIGN_GONE_UPSTREAM(key -> key.alignWith(null, NOW)),
        ALIGN_INACTIVE_UPSTREAM(key -> key.alignWith(listed(UpstreamKeyStatus.INACTIVE), NOW)),
        ALIGN_ACTIVE_UPSTREAM(key -> key.alignWith(listed(UpstreamKeyStatus.ACTIVE), NOW));

        final UnaryOperator<AccessKey> move;

        Move(UnaryOperator<AccessKey> move) {
            this.move = move;
        }
    }

    private static final Class<KeyNotRotatableException> NOT_ROTATABLE = KeyNotRotatableException.class;
    private static final Class<KeyNotRenewableException> NOT_RENEWABLE = KeyNotRenewableException.class;
    private static final Class<AccessKeyDeletedException> IS_DELETED = AccessKeyDeletedException.class;

    private static final AccessKeyStatus ACTIVE = AccessKeyStatus.ACTIVE;
    private static final AccessKeyStatus ROTATING = AccessKeyStatus.ROTATING;
    private static final AccessKeyStatus INACTIVE = AccessKeyStatus.INACTIVE;
    private static final AccessKeyStatus DELETED = AccessKeyStatus.DELETED;

    /** Columns in the order of {@link Move}; each cell the state the move leads to, or its refusal. */
    private static final Object[][] TABLE = {
        // ROTATE, SUPERSEDE, RENEW, DISABLE, ENABLE, DELETE, ALIGN gone, ALIGN inactive, ALIGN active
        {ACTIVE, ROTATING, ACTIVE, INACTIVE, ACTIVE, DELETED, DELETED, INACTIVE, ACTIVE},
        {NOT_ROTATABLE, ROTATING, NOT_RENEWABLE, INACTIVE, ROTATING, DELETED, DELETED, INACTIVE, ROTATING},
        {NOT_ROTATABLE, INACTIVE, NOT_RENEWABLE, INACTIVE, ACTIVE, DELETED, DELETED, INACTIVE, ACTIVE},
        {NOT_ROTATABLE, INACTIVE, NOT_RENEWABLE, INACTIVE, ROTATING, DELETED, DELETED, INACTIVE, ROTATING},
        {NOT_ROTATABLE, DELETED, NOT_RENEWABLE, IS_DELETED, IS_DELETED, IS_DELETED, DELETED, DELETED, DELETED},
    };

    static Stream<Arguments> everyStateAndMove() {
        List<Arguments> cells = new ArrayList<>();
        for (State state : State.values()) {
            for (Move move : Move.values()) {
                cells.add(Arguments.of(state, move, TABLE[state.ordinal()][move.ordinal()]));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("everyStateAndMove")
    void everyStateAgainstEveryMove(State state, Move move, Object expected) {
        AccessKey key = state.key();

        if (expected instanceof AccessKeyStatus status) {
            assertThat(move.move.apply(key).status()).isEqualTo(status);
        } else {
            assertThatThrownBy(() -> move.move.apply(key)).isExactlyInstanceOf((Class<?>) expected);
        }
        assertThat(key).isEqualTo(state.key());
    }

    @Test
    void theTableHasARowForEveryStateAndACellForEveryMove() {
        assertThat(TABLE.length).isEqualTo(State.values().length);
        assertThat(Stream.of(TABLE).map(row -> row.length)).containsOnly(Move.values().length);
        assertThat(Stream.of(State.values()).map(state -> state.status)).contains(AccessKeyStatus.values());
    }

    @Test
    void aRefusedRotationNamesTheKeysStateAsTheAnswerSaysIt() {
        assertThatThrownBy(() -> State.ROTATING.key().requireRotatable())
                .isInstanceOf(KeyNotRotatableException.class)
                .hasMessage("Access key " + ID + " is ROTATING; only an ACTIVE key can be rotated.");
        assertThat(AccessKey.notRotatable(ID, "unknown"))
                .hasMessage("Access key " + ID + " is unknown; only an ACTIVE key can be rotated.");
    }

    @Test
    void aMoveOnADeletedKeySaysItIsDeleted() {
        assertThatThrownBy(() -> State.DELETED.key().disable(NOW))
                .isInstanceOf(AccessKeyDeletedException.class)
                .hasMessage("Access key " + ID + " is deleted.");
    }

    @Test
    void aSupersededKeyWorksUntilItsRetirementAndSaysWhenItChanged() {
        AccessKey superseded = State.ACTIVE.key().supersede(RETIRE_AT, NOW);

        assertThat(superseded.retireAt()).isEqualTo(RETIRE_AT);
        assertThat(superseded.updatedAt()).isEqualTo(NOW);
        assertThat(superseded.expiresAt()).isEqualTo(CREATED.plus(LEASE));
    }

    @Test
    void aSupersededKeyDisabledAndEnabledAgainIsStillRotating() {
        AccessKey key =
                State.ACTIVE.key().supersede(RETIRE_AT, NOW).disable(NOW).enable(NOW);

        assertThat(key.status()).isEqualTo(AccessKeyStatus.ROTATING);
        assertThat(key.retireAt()).isEqualTo(RETIRE_AT);
    }

    @Test
    void aKeyAlreadyAsTheUpstreamHasItIsAnsweredUnchanged() {
        AccessKey key = State.ACTIVE.key();

        assertThat(key.alignWith(listed(UpstreamKeyStatus.ACTIVE), NOW)).isSameAs(key);
    }

    @Test
    void aKeyTheUpstreamListsWithAStatusItDoesNotKnowIsLeftAsItIs() {
        AccessKey key = State.ACTIVE.key();

        assertThat(key.alignWith(listed(null), NOW)).isSameAs(key);
    }

    @Test
    void aRenewalMovesExpiryLaterFromNow() {
        AccessKey renewed = State.ACTIVE.key().renew(Duration.ofHours(2), UNBOUNDED, NOW);

        assertThat(renewed.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(renewed.updatedAt()).isEqualTo(NOW);
        assertThat(renewed.status()).isEqualTo(AccessKeyStatus.ACTIVE);
    }

    @Test
    void aRenewalNeverMovesExpiryEarlier() {
        AccessKey key = State.ACTIVE.key();

        assertThat(key.renew(Duration.ofMinutes(5), UNBOUNDED, NOW)).isSameAs(key);
    }

    @Test
    void aRenewalIsBoundedByTheRenewersMaximum() {
        LeaseBounds twoHours = new LeaseBounds(Duration.ofHours(2), Duration.ofHours(2), null, "for this key");

        assertThatThrownBy(() -> State.ACTIVE.key().renew(Duration.ofHours(2), twoHours, NOW))
                .isInstanceOfSatisfying(
                        LeaseTooLongException.class,
                        ex -> assertThat(ex.latestExpiresAt()).isEqualTo(CREATED.plus(Duration.ofHours(2))));
    }

    @Test
    void aKeyWithoutALeaseOrWhoseLeaseEndedIsNotRenewed() {
        AccessKey unleased = key(AccessKeyStatus.ACTIVE, null, null, null);
        AccessKey ended = State.ACTIVE.key();

        assertThatThrownBy(() -> unleased.renew(null, UNBOUNDED, NOW))
                .isInstanceOf(KeyNotRenewableException.class)
                .hasMessage("Key " + ID + " has no lease: it lives until rotated or deleted.");
        assertThatThrownBy(() -> ended.renew(null, UNBOUNDED, CREATED.plus(LEASE)))
                .isInstanceOfSatisfying(KeyNotRenewableException.class, ex -> {
                    assertThat(ex).hasMessageContaining("ended at " + CREATED.plus(LEASE));
                    assertThat(ex.status()).isEqualTo(AccessKeyStatus.ACTIVE);
                });
        assertThatThrownBy(() -> State.ROTATING.key().renew(null, UNBOUNDED, NOW))
                .hasMessage("Key " + ID + " is ROTATING: only an ACTIVE key's lease is renewed.");
    }

    @Test
    void aSuccessorInheritsTheLeaseOfTheKeyItReplaces() {
        AccessKey leased = State.ACTIVE.key();
        AccessKey leasedUpstreamOnly = key(AccessKeyStatus.ACTIVE, null, CREATED.plus(Duration.ofMinutes(45)), null);
        AccessKey unleased = key(AccessKeyStatus.ACTIVE, null, null, null);

        assertThat(leased.successorLease(null, UNBOUNDED)).isEqualTo(LEASE);
        assertThat(leasedUpstreamOnly.successorLease(null, UNBOUNDED)).isEqualTo(Duration.ofMinutes(45));
        assertThat(unleased.successorLease(null, UNBOUNDED)).isNull();
        assertThat(leased.successorLease(Duration.ofMinutes(10), UNBOUNDED)).isEqualTo(Duration.ofMinutes(10));
        assertThat(leased.successorLease(null, new LeaseBounds(Duration.ofMinutes(20), null, null, "for this key")))
                .isEqualTo(Duration.ofMinutes(20));
    }

    private static UpstreamAccessKey listed(UpstreamKeyStatus status) {
        return new UpstreamAccessKey(ID, null, 1, null, status, CREATED, null, null);
    }

    private static AccessKey key(AccessKeyStatus status, Instant retireAt, Instant expiresAt, Long leaseSeconds) {
        return new AccessKey(
                7,
                ID,
                "alice",
                200000001L,
                "deploy key",
                status,
                "a".repeat(64),
                "payments-service",
                null,
                null,
                retireAt,
                CREATED,
                expiresAt,
                leaseSeconds,
                CREATED,
                CREATED,
                null);
    }
}
