package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every case of {@link Claim} has a kind of its own, and every kind belongs to one case. The
 * switches over {@link Claim.Kind} are exhaustive by the compiler; this keeps a new case from
 * borrowing another's kind, and with it that case's answer (a new case that reused
 * {@code IN_PROGRESS} would be answered "in progress" without anyone deciding so).
 */
class ClaimKindsTests {

    /** One of each case; a new case must be added here, or the first test fails. */
    private static final List<Claim> ONE_OF_EACH = List.of(
            new Claim.Started(UUID.randomUUID(), Instant.EPOCH),
            new Claim.Replay(UUID.randomUUID(), new byte[0]),
            new Claim.InProgress(),
            new Claim.Mismatch(),
            new Claim.Unsettled(UUID.randomUUID(), "user", Instant.EPOCH, Instant.EPOCH),
            new Claim.AwaitingOperator(UUID.randomUUID(), "user"));

    @Test
    void theSamplesHoldEveryCase() {
        assertThat(ONE_OF_EACH.stream().map(Object::getClass))
                .containsExactlyInAnyOrder(Claim.class.getPermittedSubclasses());
    }

    @Test
    void eachCaseHasAKindOfItsOwnAndEachKindACase() {
        assertThat(ONE_OF_EACH.stream().map(Claim::kind))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(Claim.Kind.values()));
    }
}
