package io.keywarden.eventstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.modulith.events.support.DelegatingEventExternalizer;

/**
 * With {@code keywarden.events.kafka.topic} unset (as in the shared test application), the Kafka
 * sink is off entirely: no bean of Kafka's, of Boot's Kafka support or of Modulith's Kafka
 * externalization exists. Without a producer factory, a template or an admin, nothing could have
 * made a Kafka client or reached for a broker at start-up, and no listener of the events stands
 * for a sink that is not there.
 */
@KeywardenTest
class KafkaSinkOffTests extends ApplicationTestBase {

    private static final List<String> KAFKA_PACKAGES = List.of(
            "org.apache.kafka.",
            "org.springframework.kafka.",
            "org.springframework.boot.kafka.",
            "org.springframework.modulith.events.kafka.");

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void withNoTopicNoKafkaBeanExists() {
        assertThat(context.getEnvironment().getProperty(KafkaSinkProperties.TOPIC))
                .isNull();

        List<String> kafkaBeans = Arrays.stream(context.getBeanDefinitionNames())
                .filter(name -> isKafka(context.getBeanFactory().getType(name, false)))
                .toList();
        assertThat(kafkaBeans).isEmpty();
        assertThat(context.getBeanNamesForType(DelegatingEventExternalizer.class))
                .isEmpty();
    }

    private static boolean isKafka(Class<?> type) {
        return type != null && KAFKA_PACKAGES.stream().anyMatch(type.getName()::startsWith);
    }
}
