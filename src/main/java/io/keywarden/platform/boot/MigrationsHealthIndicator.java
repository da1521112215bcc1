package io.keywarden.platform.boot;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the schema ({@code migrations}): UP once every migration this build knows is
 * applied and none failed. Once UP it stays UP without asking again, since applied migrations do
 * not come undone; until then each probe asks Flyway (one small query).
 *
 * <p>Absent only where Flyway is switched off, which keywarden does nowhere but in the image
 * build's AOT-cache training run (no database there; {@code docker/aot-training.yml}). Anywhere
 * else the readiness group then names a member that does not exist, and start-up stops.
 */
@Component
@ConditionalOnBooleanProperty(name = "spring.flyway.enabled", matchIfMissing = true)
class MigrationsHealthIndicator implements HealthIndicator {

    private final Flyway flyway;
    private volatile Health applied;

    MigrationsHealthIndicator(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public Health health() {
        Health known = applied;
        if (known != null) {
            return known;
        }
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        String version = current == null ? "none" : current.getVersion().getVersion();
        boolean failed = Arrays.stream(info.all()).anyMatch(m -> m.getState().isFailed());
        int pending = info.pending().length;
        if (failed || pending > 0) {
            return Health.down()
                    .withDetail("version", version)
                    .withDetail("pending", pending)
                    .withDetail("failed", failed)
                    .build();
        }
        Health up = Health.up().withDetail("version", version).build();
        applied = up;
        return up;
    }
}
