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
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

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

    /**
     * The page, mapped by URL rather than as a controller or a router function: neither scanning
     * nor a router function (which parses every request's content type) may touch other routes.
     */
    @Bean
    SimpleUrlHandlerMapping whoAmI() {
        JsonMapper json = JsonMapper.builder().build();
        HttpRequestHandler page = (request, response) -> {
            Caller caller = CurrentCaller.get().orElseThrow();
            response.setContentType("application/json");
            json.writeValue(
                    response.getOutputStream(),
                    Map.of(
                            "name", caller.name(),
                            "roles",
                                    new TreeSet<>(caller.roles().stream()
                                            .map(Enum::name)
                                            .toList()),
                            "userNames",
                                    caller.userNames().stream()
                                            .map(Object::toString)
                                            .toList()));
        };
        return new SimpleUrlHandlerMapping(Map.of("/console/whoami", page), 0);
    }
}
