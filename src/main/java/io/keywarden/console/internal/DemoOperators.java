package io.keywarden.console.internal;

import io.keywarden.identity.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's demo operators ({@code keywarden.console.demo-operators}), people with a password
 * for trying the console without an identity provider. Only the {@code local} and {@code test}
 * profiles read them ({@link DemoOperatorSignIn}); anywhere else they do not exist. The
 * application's properties scan binds this record in every profile, so an empty list must bind:
 * the sign-in itself refuses to start without one.
 *
 * @param demoOperators one per person
 */
@Validated
@ConfigurationProperties("keywarden.console")
record DemoOperators(@DefaultValue List<@Valid Operator> demoOperators) {

    /**
     * One demo operator.
     *
     * @param name the person's sign-in name; their audit actor is {@code person:<name>}
     * @param passwordHash the password as a Spring Security encoded hash ({@code {bcrypt}...})
     * @param roles ISSUER, AUDITOR or ADMIN
     * @param userNames the globs of the users this person may manage (ADMIN: every user)
     */
    record Operator(
            @NotBlank String name,

            @NotBlank @Pattern(regexp = "\\{bcrypt}.+", message = "must be a {bcrypt} hash")
            String passwordHash,

            @NotEmpty List<Role> roles,
            List<String> userNames) {

        List<String> globs() {
            return userNames == null ? List.of() : userNames;
        }
    }
}
