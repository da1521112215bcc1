package io.keywarden.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyRecovery;
import io.keywarden.identity.ClientLeaseLimits;
import io.keywarden.lease.internal.LeaseProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the policy gathers the maximums of everyone concerned into one bound, and what it gives a key
 * recovered after a loss, whose issuing client is unknown.
 */
class LeasePolicyTests {

    private static final Duration H1 = Duration.ofHours(1);
    private static final Duration H2 = Duration.ofHours(2);

    @Test
    void theLowestOfTheMaximumsGiven() {
        assertThat(LeasePolicy.lowest(Optional.of(H2), Optional.empty(), Optional.of(H1)))
                .isEqualTo(H1);
        assertThat(LeasePolicy.lowest(Optional.empty(), Optional.empty())).isNull();
    }

    @Test
    void aRecoveredKeyGetsTheDefaultLeaseAndOnlyItsRenewersMaximumBoundsIt() {
        // As the configured clients' maximums are kept: a map that refuses to be asked about null.
        Map<String, Duration> maximums = Map.of("test-leased-issuer", H1);
        ClientLeaseLimits clients = name -> Optional.ofNullable(maximums.get(name));
        LeasePolicy policy = new LeasePolicy(new LeaseProperties(H1, H2), clients, null);
        AccessKeyView recovered = new AccessKeyView(
                "Vq1cG7eWJ+O2bX3qZ/9l1pQk4cR7w8yT0aB5dE6fG7I=",
                "team-payments",
                1,
                null,
                AccessKeyStatus.ACTIVE,
                Instant.EPOCH,
                Instant.EPOCH.plus(H1),
                Instant.EPOCH,
                null,
                null,
                null,
                true,
                new KeyRecovery(1, Instant.EPOCH, null, null));

        assertThat(policy.recoveredLease()).isEqualTo(H1);
        assertThat(new LeasePolicy(new LeaseProperties(null, H2), clients, null).recoveredLease())
                .isNull();
        assertThat(policy.renewalBounds(recovered, "test-leased-issuer").maximum())
                .isEqualTo(H1);
        assertThat(policy.renewalBounds(recovered, "test-admin").maximum()).isEqualTo(H2);
    }
}
