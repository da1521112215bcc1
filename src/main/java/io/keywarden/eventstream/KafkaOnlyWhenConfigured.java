package io.keywarden.eventstream;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out every Kafka auto-configuration, Spring Boot's and Spring Modulith's, unless the Kafka
 * sink is on ({@link KafkaSinkCondition}). With Kafka's libraries on the class path, Boot would
 * otherwise make a producer factory, a template and an admin for {@code localhost:9092}, and
 * Modulith an externalizer registered as a listener of every event, in an application that has no
 * broker. Registered in {@code META-INF/spring.factories}; Boot consults it before it even reads an
 * auto-configuration's classes.
 */
public class KafkaOnlyWhenConfigured implements AutoConfigurationImportFilter, EnvironmentAware {

    /** The packages of the auto-configurations that need a broker: Boot's Kafka and Modulith's. */
    private static final String[] KAFKA_AUTO_CONFIGURATIONS = {
        "org.springframework.boot.kafka.", "org.springframework.modulith.events.kafka."
    };

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean sinkOn = KafkaSinkCondition.configured(environment);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            matches[i] = sinkOn || !isKafka(autoConfigurationClasses[i]);
        }
        return matches;
    }

    private static boolean isKafka(String autoConfigurationClass) {
        if (autoConfigurationClass == null) {
            return false;
        }
        for (String prefix : KAFKA_AUTO_CONFIGURATIONS) {
            if (autoConfigurationClass.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
