package io.keywarden.issuance.internal;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rules for the keys callers ask for ({@code keywarden.access-keys}).
 *
 * @param userNamePattern the regular expression a user name must match whole
 */
@Validated
@ConfigurationProperties("keywarden.access-keys")
record AccessKeyRulesProperties(
        @NotBlank @DefaultValue("[A-Za-z0-9._@-]{1,64}") String userNamePattern) {}
