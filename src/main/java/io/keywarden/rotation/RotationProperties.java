package io.keywarden.rotation;

import io.keywarden.accesskey.RotationTerms;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Key rotation policy ({@code keywarden.rotation}); key listings learn the maximum age from it, and
 * a superseded key its grace period.
 *
 * @param maxAge keys older than this are due for rotation
 * @param gracePeriod how long a superseded key keeps working after its successor exists
 */
@Validated
@ConfigurationProperties("keywarden.rotation")
public record RotationProperties(
        @NotNull @DefaultValue("90d") Duration maxAge,
        @NotNull @DefaultValue("7d") Duration gracePeriod) implements RotationTerms {}
