package io.keywarden.platform.reads.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on the searches callers run ({@code keywarden.reads}): key lists and the audit search.
 *
 * @param maxConcurrent searches running at once on this instance; each holds a database connection,
 *     so this must stay below the connection pool's size, leaving the rest to creates and jobs
 * @param maxWait how long a search waits for one of those places before it is answered 503
 * @param statementTimeout how long one search statement may run before the database cancels it
 *     (answered 503)
 */
@Validated
@ConfigurationProperties("keywarden.reads")
public record ReadProperties(
        @Min(1) @Max(1000) @DefaultValue("4") int maxConcurrent,
        @NotNull @DefaultValue("1s") Duration maxWait,
        @NotNull @DefaultValue("5s") Duration statementTimeout) {}
