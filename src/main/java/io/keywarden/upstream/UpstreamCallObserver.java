package io.keywarden.upstream;

import java.time.Duration;

/** Told about every finished upstream call (all its attempts), for metrics; must not throw. */
interface UpstreamCallObserver {

    UpstreamCallObserver NONE = (action, outcome, retCode, duration) -> {};

    void called(UpstreamAction action, UpstreamOutcome<?> outcome, Integer retCode, Duration duration);
}
