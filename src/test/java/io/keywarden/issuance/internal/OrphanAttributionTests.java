package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamKeyStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which unrecorded key a lost attempt made, judged from creation times in whole seconds. */
class OrphanAttributionTests {

    private static final Instant STARTED = Instant.parse("2026-11-28T06:45:08.700Z");
    private static final Instant ENDED = Instant.parse("2026-11-28T06:45:18.900Z");
    private static final OrphanAttribution.Window WINDOW =
            OrphanAttribution.Window.of(STARTED, ENDED, Duration.ofSeconds(2));

    @Test
    void theWindowOpensOnTheWholeSecondBeforeTheSkewAllowance() {
        assertThat(WINDOW.from()).isEqualTo(Instant.parse("2026-11-28T06:45:06Z"));
        assertThat(WINDOW.to()).isEqualTo(Instant.parse("2026-11-28T06:45:20.900Z"));
        assertThat(WINDOW.contains(Instant.parse("2026-11-28T06:45:06Z"))).isTrue();
        assertThat(WINDOW.contains(Instant.parse("2026-11-28T06:45:20Z"))).isTrue();
        assertThat(WINDOW.contains(Instant.parse("2026-11-28T06:45:21Z"))).isFalse();
    }

    @Test
    void noUnrecordedKeyMeansNothingToRevoke() {
        assertThat(OrphanAttribution.decide(WINDOW, List.of(), true))
                .isInstanceOf(OrphanAttribution.NothingToRevoke.class);
    }

    @Test
    void theOneKeyInsideTheWindowIsRevoked() {
        UpstreamAccessKey key = key("4E9UU0VhqsOd6DXIMzWuhbAiOgVrwPLMzxnVTj0vVCY=", "2026-11-28T06:45:08Z");

        assertThat(OrphanAttribution.decide(WINDOW, List.of(key), false)).isEqualTo(new OrphanAttribution.Revoke(key));
    }

    @Test
    void twoKeysAKeyAfterTheWindowOrAnOverlappingAttemptAreAmbiguous() {
        UpstreamAccessKey inside = key("4E9UU0VhqsOd6DXIMzWuhbAiOgVrwPLMzxnVTj0vVCY=", "2026-11-28T06:45:09Z");
        UpstreamAccessKey after = key("q+7Vd0o/1GZt3mQ2sYJc5lWk8bXhN4rAeTzP6uFiKx0=", "2026-11-28T06:45:30Z");

        assertThat(OrphanAttribution.decide(WINDOW, List.of(inside, after), false))
                .isInstanceOfSatisfying(
                        OrphanAttribution.Ambiguous.class,
                        ambiguous -> assertThat(ambiguous.candidates()).containsExactly(inside, after));
        assertThat(OrphanAttribution.decide(WINDOW, List.of(after), false))
                .isInstanceOf(OrphanAttribution.Ambiguous.class);
        assertThat(OrphanAttribution.decide(WINDOW, List.of(inside), true))
                .isInstanceOf(OrphanAttribution.Ambiguous.class);
    }

    private static UpstreamAccessKey key(String id, String createdAt) {
        Instant created = Instant.parse(createdAt);
        return new UpstreamAccessKey(id, null, 1, "", UpstreamKeyStatus.ACTIVE, created, created, null);
    }
}
