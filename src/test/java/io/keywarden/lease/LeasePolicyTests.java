package io.keywarden.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the policy gathers the maximums of everyone concerned into one bound. */
class LeasePolicyTests {

    private static final Duration H1 = Duration.ofHours(1);
    private static final Duration H2 = Duration.ofHours(2);

    @Test
    void theLowestOfTheMaximumsGiven() {
        assertThat(LeasePolicy.lowest(Optional.of(H2), Optional.empty(), Optional.of(H1)))
                .isEqualTo(H1);
        assertThat(LeasePolicy.lowest(Optional.empty(), Optional.empty())).isNull();
    }
}
