package io.keywarden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on keywarden's scheduled jobs, apart from the main class so that slice tests start none,
 * and switchable ({@code keywarden.scheduling.enabled}) so a test can drive the jobs itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "keywarden.scheduling.enabled", matchIfMissing = true)
class SchedulingConfiguration {}
