package io.keywarden.identity.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Keeps the clients' old place in the configuration working: {@code keywarden.clients} (in any
 * form, such as {@code KEYWARDEN_CLIENTS_0_NAME}) is read as {@code keywarden.identity.clients},
 * where everything about who may call keywarden now lives, and the start-up warns once naming the
 * new place. Each source's old names are copied just above that source, so a deployment's
 * precedence is kept (an environment variable under the old name still overrides a file under
 * the new one); a source that already uses the new name is left as it is.
 */
class DeprecatedClientProperties implements EnvironmentPostProcessor, Ordered {

    static final ConfigurationPropertyName OLD = ConfigurationPropertyName.of("keywarden.clients");
    static final ConfigurationPropertyName NEW = ConfigurationPropertyName.of("keywarden.identity.clients");

    private final Log log;

    DeprecatedClientProperties(DeferredLogFactory logs) {
        this.log = logs.getLog(DeprecatedClientProperties.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<PropertySource<?>> sources = environment.getPropertySources().stream()
                .filter(source -> !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source))
                .toList();
        for (PropertySource<?> source : sources) {
            Map<String, Object> renamed = renamed(source);
            if (!renamed.isEmpty()) {
                environment
                        .getPropertySources()
                        .addBefore(
                                source.getName(),
                                new MapPropertySource(source.getName() + " (keywarden.clients)", renamed));
                log.warn("keywarden.clients in " + source.getName() + " is deprecated: it is read as"
                        + " keywarden.identity.clients. Rename it there; the old name will stop working.");
            }
        }
    }

    private static Map<String, Object> renamed(PropertySource<?> source) {
        Map<String, Object> renamed = new LinkedHashMap<>();
        for (ConfigurationPropertySource properties : ConfigurationPropertySources.from(source)) {
            if (!(properties instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            if (iterable.stream().anyMatch(NEW::isAncestorOf)) {
                return Map.of();
            }
            iterable.stream()
                    .filter(OLD::isAncestorOf)
                    .forEach(name -> renamed.put(
                            NEW.append(name.subName(OLD.getNumberOfElements())).toString(),
                            properties.getConfigurationProperty(name).getValue()));
        }
        return renamed;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
