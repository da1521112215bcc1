package io.keywarden.webhooks;

import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Deletes finished deliveries and their attempts from the delivery log once they are old enough:
 * without it {@code webhook_delivery} grows with every event and subscription. A DELIVERED one goes
 * {@code events.delivery.delivered-retention} (7 days) after it was delivered; a DEAD or FAILED one
 * is kept for {@code events.delivery.dead-retention} (30 days), for an operator to look into and
 * retry. A PENDING one is never deleted, and a retried one is pending again. At most
 * {@value #PER_RUN} a run, oldest first, so a backlog is worked off over several runs.
 */
@Component
class WebhookPurgeJob extends ScheduledJob {

    static final String NAME = "webhook-purge";
    static final int PER_RUN = 10_000;

    private final DeliveryStore store;
    private final WebhookProperties.Delivery settings;
    private final Clock clock;

    WebhookPurgeJob(DeliveryStore store, WebhookProperties properties, Clock clock) {
        super(
                NAME,
                Duration.ofHours(1),
                "Deletes delivered webhook deliveries past their retention, and dead or failed ones past their"
                        + " longer one; pending deliveries are kept.");
        this.store = store;
        this.settings = properties.delivery();
        this.clock = clock;
    }

    @Override
    public JobResult run() {
        Instant now = clock.instant();
        int purged =
                store.purge(now.minus(settings.deliveredRetention()), now.minus(settings.deadRetention()), PER_RUN);
        return new JobResult(purged, purged, 0, null);
    }
}
