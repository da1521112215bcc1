package io.keywarden.support;

import io.keywarden.identity.Caller;
import io.keywarden.identity.CurrentCaller;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * One page behind the operator console's filter chain that says who is signed in, so the tests of
 * the identity provider's sign-in can read the caller a person became.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestConsoleConfiguration {

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
