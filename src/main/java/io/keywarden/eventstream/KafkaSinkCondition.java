package io.keywarden.eventstream;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code keywarden.events.kafka.topic} names a topic. Unlike
 * {@code @ConditionalOnProperty}, a blank value counts as unset, so an empty environment variable
 * leaves the sink off rather than sending to a topic named "".
 */
class KafkaSinkCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return configured(context.getEnvironment())
                ? ConditionOutcome.match(KafkaSinkProperties.TOPIC + " is set")
                : ConditionOutcome.noMatch(KafkaSinkProperties.TOPIC + " is not set");
    }

    /** Whether the environment names a topic for the sink. */
    static boolean configured(Environment environment) {
        return StringUtils.hasText(environment.getProperty(KafkaSinkProperties.TOPIC));
    }
}
