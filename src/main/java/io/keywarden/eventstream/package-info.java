/**
 * The optional second sink of the domain events: Spring Modulith's event externalization sends each
 * {@link io.keywarden.events.KeyEvent}, {@link io.keywarden.events.OrphanAmbiguous} and
 * {@link io.keywarden.events.AuditBroken} to one Kafka topic, from the same event publication
 * registry the other listeners use, so a record exists for every committed change and the registry
 * keeps an event until the broker has acknowledged it. Off unless
 * {@code keywarden.events.kafka.topic} is set: then not even Kafka's auto-configuration runs.
 */
@ApplicationModule(allowedDependencies = {"events"})
package io.keywarden.eventstream;

import org.springframework.modulith.ApplicationModule;
