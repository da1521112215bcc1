package io.keywarden.console.internal;

import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.UserNameGlob;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.stereotype.Component;

/**
 * A user-name and password form for the demo operators, only in the {@code local} profile and in
 * tests, so that the console can be tried (and driven by a browser) without an identity provider.
 * A signed-in operator's principal is their {@link Caller}: {@code person:<name>}, roles and
 * user-name scope as configured.
 */
@Component
@Profile({"local", "test"})
@EnableConfigurationProperties(DemoOperators.class)
class DemoOperatorSignIn {

    private static final String PERSON = "person:";

    private final Map<String, DemoOperators.Operator> operators;

    DemoOperatorSignIn(DemoOperators settings) {
        if (settings.demoOperators().isEmpty()) {
            throw new IllegalStateException(
                    "keywarden.console.demo-operators must name at least one operator in the local and test profiles");
        }
        this.operators = settings.demoOperators().stream()
                .collect(Collectors.toMap(DemoOperators.Operator::name, Function.identity()));
    }

    /** Adds the password form to the console's chain. */
    void configure(HttpSecurity http) throws Exception {
        http.formLogin(form -> form.loginPage(ConsoleSecurityConfiguration.LOGIN)
                        .loginProcessingUrl(ConsoleSecurityConfiguration.LOGIN)
                        .defaultSuccessUrl("/console", true)
                        .failureUrl(ConsoleSecurityConfiguration.LOGIN + "?failed"))
                .authenticationProvider(new OperatorAuthentication());
    }

    private UserDetails load(String name) {
        DemoOperators.Operator operator = operators.get(name);
        if (operator == null) {
            throw new UsernameNotFoundException("No such operator.");
        }
        return User.withUsername(operator.name())
                .password(operator.passwordHash())
                .roles(operator.roles().stream().map(Role::name).toArray(String[]::new))
                .build();
    }

    private Caller callerOf(String name) {
        DemoOperators.Operator operator = operators.get(name);
        // Named as people signed in through the identity provider are, so no operator shares a
        // client's name, and with it its idempotency keys.
        return new Caller(
                PERSON + operator.name(),
                Set.copyOf(operator.roles()),
                operator.globs().stream().map(UserNameGlob::of).toList());
    }

    /** Checks the password, then makes the operator's {@link Caller} the session's principal. */
    private final class OperatorAuthentication extends DaoAuthenticationProvider {

        OperatorAuthentication() {
            super(DemoOperatorSignIn.this::load);
            setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        }

        @Override
        protected Authentication createSuccessAuthentication(
                Object principal, Authentication authentication, UserDetails user) {
            var signedIn = UsernamePasswordAuthenticationToken.authenticated(
                    callerOf(user.getUsername()), null, user.getAuthorities());
            signedIn.setDetails(authentication.getDetails());
            return signedIn;
        }
    }
}
