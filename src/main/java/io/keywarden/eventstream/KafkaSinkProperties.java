package io.keywarden.eventstream;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Settings of the Kafka sink ({@code keywarden.events.kafka}); the producer's own settings are
 * Spring Boot's {@code spring.kafka.*}.
 *
 * @param topic the topic every event is sent to; unset or blank, the sink is off
 */
@ConfigurationProperties("keywarden.events.kafka")
public record KafkaSinkProperties(String topic) {

    /** The property whose presence turns the sink on. */
    static final String TOPIC = "keywarden.events.kafka.topic";

    /** Kafka's own rule for a topic's name, so a wrong one stops the start rather than every send. */
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public KafkaSinkProperties {
        if (StringUtils.hasText(topic) && !LEGAL_TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException(TOPIC
                    + " must be a Kafka topic name (at most 249 of the characters a-z, A-Z, 0-9, '.', '_', '-'), not '"
                    + topic + "'");
        }
    }
}
