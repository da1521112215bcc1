package io.keywarden.upstream.internal;

import io.keywarden.upstream.UpstreamOutcome;
import java.time.Duration;

/** Told about every finished upstream call (all its attempts), for metrics; must not throw. */
public interface UpstreamCallObserver {

    UpstreamCallObserver NONE = (action, outcome, retCode, duration) -> {};

    void called(UpstreamAction action, UpstreamOutcome<?> outcome, Integer retCode, Duration duration);
}
