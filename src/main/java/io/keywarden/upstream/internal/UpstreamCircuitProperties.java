package io.keywarden.upstream.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The circuit breaker in front of the upstream ({@code keywarden.upstream.circuit}): when too
 * many of the last calls failed, keywarden stops sending for a while and answers 503 at once,
 * instead of making every caller wait out a timeout against an upstream that is down.
 *
 * @param failureRate the percentage of failed attempts in the window that opens the circuit
 * @param window how many of the most recent attempts are counted
 * @param minimumCalls how many attempts the window needs before the rate counts
 * @param openFor how long the circuit stays open before a few trial attempts are let through
 * @param halfOpenCalls how many trial attempts decide whether it closes again
 */
@Validated
@ConfigurationProperties("keywarden.upstream.circuit")
public record UpstreamCircuitProperties(
        @Min(1) @Max(100) @DefaultValue("50") int failureRate,
        @Min(1) @DefaultValue("20") int window,
        @Min(1) @DefaultValue("10") int minimumCalls,
        @NotNull @DefaultValue("30s") Duration openFor,
        @Min(1) @DefaultValue("3") int halfOpenCalls) {}
