package io.keywarden.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.impl.NoOpLog;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A deployment still naming its clients {@code keywarden.clients} starts with the same clients, and is told to rename. */
class DeprecatedClientPropertiesTests {

    private static final String HASH = "ab".repeat(32);

    private final List<String> warnings = new ArrayList<>();
    private final StandardEnvironment environment = new StandardEnvironment();

    @Test
    void oldNamesAreReadAsTheNewOnesWithAWarning() {
        file(
                "application.yml",
                Map.of(
                        "keywarden.clients[0].name", "payments",
                        "keywarden.clients[0].token-sha256", HASH,
                        "keywarden.clients[0].roles", "ISSUER",
                        "keywarden.clients[0].user-names", "payments-*"));

        List<ClientProperties.Client> clients = processedClients();

        assertThat(clients).singleElement().satisfies(client -> {
            assertThat(client.name()).isEqualTo("payments");
            assertThat(client.tokenSha256()).isEqualTo(HASH);
            assertThat(client.userNames()).containsExactly("payments-*");
        });
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("keywarden.clients", "application.yml", "keywarden.identity.clients");
    }

    @Test
    void anEnvironmentVariableUnderTheOldNameStillOverridesAFileUnderTheNewOne() {
        file(
                "application.yml",
                Map.of(
                        "keywarden.identity.clients[0].name",
                        "from-file",
                        "keywarden.identity.clients[0].token-sha256",
                        HASH));
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        "systemEnvironment",
                        Map.of(
                                "KEYWARDEN_CLIENTS_0_NAME", "from-env",
                                "KEYWARDEN_CLIENTS_0_TOKENSHA256", HASH,
                                "KEYWARDEN_CLIENTS_0_ROLES", "ADMIN")));

        assertThat(processedClients()).extracting(ClientProperties.Client::name).containsExactly("from-env");
        assertThat(warnings).singleElement().asString().contains("systemEnvironment");
    }

    @Test
    void aSourceUsingTheNewNameIsLeftAsItIsAndNothingIsSaid() {
        file(
                "application.yml",
                Map.of(
                        "keywarden.identity.clients[0].name",
                        "payments",
                        "keywarden.identity.clients[0].token-sha256",
                        HASH,
                        "keywarden.identity.clients[0].roles",
                        "ISSUER"));

        assertThat(processedClients()).extracting(ClientProperties.Client::name).containsExactly("payments");
        assertThat(warnings).isEmpty();
    }

    private void file(String name, Map<String, Object> properties) {
        environment.getPropertySources().addLast(new MapPropertySource(name, new LinkedHashMap<>(properties)));
    }

    private List<ClientProperties.Client> processedClients() {
        new DeprecatedClientProperties(this::recording).postProcessEnvironment(environment, new SpringApplication());
        return Binder.get(environment)
                .bind("keywarden.identity", ClientProperties.class)
                .map(ClientProperties::clients)
                .get();
    }

    private Log recording(Supplier<Log> destination) {
        return new NoOpLog() {
            @Override
            public void warn(Object message) {
                warnings.add(String.valueOf(message));
            }
        };
    }
}
