package io.keywarden.audit.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code keywarden.audit.chain.head.age}: seconds since the newest audit event, in the
 * database's time, so every instance reports the same. It is read at most every 15 seconds, and
 * is NaN (no sample) when the log is empty or the database does not answer.
 */
@Component
class AuditHeadAge {

    private static final Duration FRESHNESS = Duration.ofSeconds(15);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile double lastAge = Double.NaN;
    private volatile Instant readAt = Instant.EPOCH;
    private volatile boolean failed;

    AuditHeadAge(JdbcTemplate jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("keywarden.audit.chain.head.age", this, AuditHeadAge::age)
                .description("Seconds since the newest audit event was appended")
                .baseUnit("seconds")
                .register(registry);
    }

    private double age() {
        Instant now = clock.instant();
        if (readAt.plus(FRESHNESS).isBefore(now)) {
            lastAge = read();
            // An empty log is asked again on the next scrape, so its first event shows at once.
            readAt = Double.isNaN(lastAge) && !failed ? Instant.EPOCH : now;
        }
        return lastAge;
    }

    private double read() {
        try {
            Double age = jdbc.query(
                    "SELECT extract(epoch FROM (now() - occurred_at)) FROM audit_event ORDER BY id DESC LIMIT 1",
                    rs -> rs.next() ? rs.getDouble(1) : null);
            failed = false;
            return age == null ? Double.NaN : Math.max(0, age);
        } catch (DataAccessException ex) {
            failed = true;
            return Double.NaN;
        }
    }
}
