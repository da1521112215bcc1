package io.keywarden.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method whose every attempt is audited, naming the action it attempts. A request
 * to it that Spring MVC refuses before the method runs (an unreadable or oversized body) is then
 * audited as that action, declared here beside the route rather than guessed from its URL.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AuditedAttempt {

    AuditAction value();
}
