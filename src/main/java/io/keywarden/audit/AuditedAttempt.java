package io.keywarden.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method whose every attempt is audited, naming the action it attempts, declared
 * here beside the route rather than guessed from its URL. A refusal of an attempt on it is then
 * audited as that action by the edge, whoever refused it: the module the handler called (a domain
 * exception that is a {@link io.keywarden.platform.web.Refusal}) or Spring MVC before the method ran (an
 * unreadable or oversized body). The event names the key the route's {@code {accessKeyId}}
 * captured, if any, and the caller's idempotency key.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AuditedAttempt {

    AuditAction value();

    /**
     * The form parameter holding the idempotency key, for a route called by a browser's form,
     * which cannot send the {@code Idempotency-Key} header; empty to read the header.
     */
    String idempotencyKeyParameter() default "";
}
