package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts what the audit log records, once the event has committed: every attempt is audited, so
 * this is the one place where issuance outcomes ({@code keywarden.issuance}), replays ({@code
 * keywarden.idempotency.replays}), revoked orphans ({@code keywarden.orphans.revoked}) and all
 * events by action and outcome ({@code keywarden.audit.events}) can be counted without touching
 * the code that produces them. It also times appends, lock wait included ({@code
 * keywarden.audit.append}). Tags are enum names, never users or keys.
 */
@Component
public class AuditMetrics {

    private final MeterRegistry registry;
    private final Timer appends;

    AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.appends = Timer.builder("keywarden.audit.append")
                .description("Time to append one audit event, waiting for the chain's lock included")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        // Registered at once, so the series exists at 0 and an alert on its increase sees the first one.
        orphansRevoked();
    }

    public void appended(AuditEntry entry, long nanos) {
        appends.record(Duration.ofNanos(nanos));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count(entry);
                }
            });
        } else {
            count(entry);
        }
    }

    private void count(AuditEntry entry) {
        String action = tag(entry.action());
        String outcome = tag(entry.outcome());
        counter("keywarden.audit.events", "Audit events committed", "action", action, "outcome", outcome);
        if (entry.action() == AuditAction.CREATE_ACCESS_KEY || entry.action() == AuditAction.ROTATE_ACCESS_KEY) {
            String kind = entry.action() == AuditAction.CREATE_ACCESS_KEY ? "create" : "rotate";
            counter("keywarden.issuance", "Create and rotate attempts by outcome", "kind", kind, "outcome", outcome);
            if (entry.outcome() == AuditOutcome.REPLAYED) {
                counter("keywarden.idempotency.replays", "Answers served again for a repeated request", "kind", kind);
            }
        }
        if (entry.outcome() == AuditOutcome.ORPHAN_REVOKED) {
            orphansRevoked().increment();
        }
    }

    private Counter orphansRevoked() {
        return Counter.builder("keywarden.orphans.revoked")
                .description("Keys created upstream that nobody held, disabled and deleted")
                .register(registry);
    }

    private void counter(String name, String description, String... tags) {
        Counter.builder(name)
                .description(description)
                .tags(tags)
                .register(registry)
                .increment();
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
