/**
 * Signed webhooks: the domain events of {@code io.keywarden.events} delivered to the subscriptions
 * of {@code keywarden.events.subscriptions} and of {@code /admin/v1/subscriptions} (secrets stored
 * encrypted, rotatable with an overlap) in the Standard Webhooks format. A listener writes one
 * delivery per matching subscription into an outbox of its own ({@code webhook_delivery}); the
 * {@code webhook-delivery} job sends due deliveries at least once, in order per key, with
 * backoff, and gives up (dead letter) after the configured time. Targets are checked before every
 * connection, after DNS resolution. Deliveries and their attempts are listed at
 * {@code /admin/v1/deliveries}. Every change an operator makes here is audited, and so is the
 * delivery of a sealed secret; the {@code webhook-purge} job deletes old finished deliveries.
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "jobs", "events", "audit"})
package io.keywarden.webhooks;

import org.springframework.modulith.ApplicationModule;
