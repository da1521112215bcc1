package io.keywarden.eventstream;

import io.keywarden.events.AuditBroken;
import io.keywarden.events.KeyEvent;
import io.keywarden.events.OrphanAmbiguous;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;

/**
 * Which events go to Kafka, to which topic, under which key and in which shape. Spring Modulith's
 * Kafka externalizer (auto-configured only when the sink is on, see {@link KafkaOnlyWhenConfigured})
 * is a listener of the event publication registry like any other: an event is handed to it after
 * its change committed, and its publication is completed only once the broker acknowledged the
 * record.
 *
 * <p>Every record goes to {@code keywarden.events.kafka.topic}. A key event's record is keyed by the
 * access key's id, so the events of one key land on one partition, in the order they were sent; an
 * {@code orphan.ambiguous} by the lost attempt's issuance id; an {@code audit.broken} has no key.
 * The value is an {@link EventRecord} written as JSON by Modulith's Jackson message converter.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(KafkaSinkCondition.class)
class KafkaSinkConfiguration {

    /**
     * Replaces Modulith's default configuration (events annotated {@code @Externalized}), so the
     * {@code events} module's types stay free of anything Kafka. Static and bound from the
     * environment directly, like the default it replaces: event listener factories ask for it
     * before the application's beans exist.
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static EventExternalizationConfiguration kafkaEventExternalization(Environment environment) {
        String topic = Binder.get(environment)
                .bindOrCreate("keywarden.events.kafka", KafkaSinkProperties.class)
                .topic();
        return EventExternalizationConfiguration.externalizing()
                .select(event ->
                        event instanceof KeyEvent || event instanceof OrphanAmbiguous || event instanceof AuditBroken)
                .mapping(KeyEvent.class, EventRecord::of)
                .mapping(OrphanAmbiguous.class, EventRecord::of)
                .mapping(AuditBroken.class, EventRecord::of)
                .routeAll(event -> RoutingTarget.forTarget(topic).withoutKey())
                .route(
                        KeyEvent.class,
                        event -> RoutingTarget.forTarget(topic)
                                .andKey(event.data().accessKeyId()))
                .route(
                        OrphanAmbiguous.class,
                        event -> RoutingTarget.forTarget(topic)
                                .andKey(event.data().issuanceId().toString()))
                .build();
    }
}
