package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.DatabaseOwner;
import io.keywarden.support.KeywardenTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One walk of the chain at a time: while a walk is held up (the table locked by another
 * transaction, so the walk's read waits), concurrent callers are answered at once from the latest
 * finished walk, or with a 429 before there is one, and no second walk starts.
 */
@KeywardenTest
class AuditVerificationSingleFlightTests extends ApplicationTestBase {

    private static final String VERIFICATION = "/admin/v1/audit-events/verification";

    @Autowired
    DataSource dataSource;

    @Autowired
    AuditVerifications verifications;

    @Autowired
    MeterRegistry registry;

    @Test
    void callersDuringAWalkGetTheLatestResultOrA429AndOnlyOneWalkRuns() throws Exception {
        boolean noResultYet = verifications.latest().isEmpty();
        double walksBefore = walks();

        Round first = concurrentRound();

        assertThat(first.walker().status()).isEqualTo(200);
        assertThat(first.walker().json().get("cached").asBoolean()).isFalse();
        assertThat(first.walker().json().get("intact").asBoolean()).isTrue();
        assertThat(first.walker().text("verifiedAt")).isNotBlank();
        for (Api.Answer other : first.others()) {
            if (other.status() == 429) {
                assertThat(other.header("Retry-After")).isEqualTo("5");
                assertThat(other.header("Content-Type")).startsWith("application/problem+json");
                assertThat(other.text("type")).endsWith("/verification-running");
            } else {
                assertThat(noResultYet)
                        .as("a 200 while walking needs an earlier result")
                        .isFalse();
                assertThat(other.status()).isEqualTo(200);
                assertThat(other.json().get("cached").asBoolean()).isTrue();
            }
            if (noResultYet) {
                assertThat(other.status()).isEqualTo(429);
            }
        }
        assertThat(walks()).isEqualTo(walksBefore + 1);

        Round second = concurrentRound();

        assertThat(second.walker().json().get("cached").asBoolean()).isFalse();
        assertThat(second.others()).allSatisfy(other -> {
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.json().get("cached").asBoolean()).isTrue();
            assertThat(other.text("verifiedAt")).isEqualTo(first.walker().text("verifiedAt"));
            assertThat(other.text("headHash")).isEqualTo(first.walker().text("headHash"));
        });
        assertThat(walks()).isEqualTo(walksBefore + 2);
    }

    /**
     * One caller starts a walk that waits on the locked table; once it is seen waiting, five
     * more call at the same time. Then the table is let go and the walk finishes.
     */
    private Round concurrentRound() throws Exception {
        // As the owner: locking the table exclusively takes privileges the application role lacks.
        try (Connection holder = DatabaseOwner.dataSource(dataSource).getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Api.Answer> walker = CompletableFuture.supplyAsync(this::verify);
            awaitWalkWaitingOnTheTable();
            List<CompletableFuture<Api.Answer>> others = IntStream.range(0, 5)
                    .mapToObj(i -> CompletableFuture.supplyAsync(this::verify))
                    .toList();
            List<Api.Answer> answered = others.stream()
                    .map(future -> future.orTimeout(10, TimeUnit.SECONDS).join())
                    .toList();
            assertThat(walker).isNotDone();
            holder.commit();
            return new Round(walker.get(10, TimeUnit.SECONDS), answered);
        }
    }

    private void awaitWalkWaitingOnTheTable() {
        await("a walk waiting on the locked table")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> waitingWalks() > 0);
        assertThat(waitingWalks()).isEqualTo(1);
    }

    private int waitingWalks() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND wait_event_type = 'Lock' AND query LIKE '%FROM audit_event ORDER BY id%'",
                Integer.class);
    }

    private Api.Answer verify() {
        return api.call("GET", VERIFICATION).token(Api.AUDITOR).send();
    }

    private double walks() {
        return registry.get("keywarden.audit.verification.walks").timer().count();
    }

    private record Round(Api.Answer walker, List<Api.Answer> others) {}
}
