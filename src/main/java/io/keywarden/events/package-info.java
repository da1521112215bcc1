/**
 * The domain events keywarden publishes, as a small public API that depends on nothing: what
 * changed of a key ({@link io.keywarden.events.KeyEvent}), an ambiguous orphan found
 * ({@link io.keywarden.events.OrphanAmbiguous}), the audit chain found broken
 * ({@link io.keywarden.events.AuditBroken}).
 * Modules publish them with Spring's {@code ApplicationEventPublisher} inside the transaction of
 * the change, and Spring Modulith's event publication registry ({@code event_publication}, owned
 * here) keeps them for every {@code @ApplicationModuleListener}, so an event exists if and only if
 * its change committed. A module that delivers them (webhooks, Kafka) listens to these types and
 * needs no other module's internals.
 */
@ApplicationModule(allowedDependencies = {"jobs"})
package io.keywarden.events;

import org.springframework.modulith.ApplicationModule;
