package io.keywarden.support;

import io.keywarden.identity.ConsoleSignIn;
import io.keywarden.security.Caller;
import io.keywarden.security.CurrentCaller;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A stand-in for the operator console's filter chain, so the tests can sign people in through the
 * identity provider: sessions and CSRF as Spring Security has them by default, the identity
 * module's {@link ConsoleSignIn} applied, and one page that says who is signed in.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestConsoleConfiguration {

    @Bean
    @Order(0)
    SecurityFilterChain testConsole(HttpSecurity http, ConsoleSignIn signIn) throws Exception {
        http.securityMatcher("/console/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        signIn.configure(http);
        return http.build();
    }

    @Bean
    RouterFunction<ServerResponse> whoAmI() {
        return RouterFunctions.route()
                .GET("/console/whoami", request -> {
                    Caller caller = CurrentCaller.get().orElseThrow();
                    return ServerResponse.ok()
                            .body(Map.of(
                                    "name", caller.name(),
                                    "roles",
                                            new TreeSet<>(caller.roles().stream()
                                                    .map(Enum::name)
                                                    .toList()),
                                    "userNames",
                                            caller.userNames().stream()
                                                    .map(Object::toString)
                                                    .toList()));
                })
                .build();
    }
}
