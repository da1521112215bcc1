package io.keywarden.accesskey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.platform.reads.ReadGuard;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Key lists filter by the caller's scope in the database: a narrow client pages through its own
 * few keys among 100,000 others in one statement, a glob's {@code _} is a literal, and no number
 * of slow or concurrent searches keeps a create from its connection.
 */
@KeywardenTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopedListTests extends ApplicationTestBase {

    /** Users of the seeded keys: outside every scope but ADMIN's and the auditor's {@code *}. */
    private static final String BULK_PREFIX = "bulk-";

    private static final int BULK_KEYS = 100_000;

    @Autowired
    ReadGuard reads;

    @Autowired
    DataSource dataSource;

    String inScope;

    @BeforeAll
    void seedKeysOutsideTheNarrowScope(@Autowired JdbcTemplate jdbc) {
        api = new Api(port);
        inScope = "a_c-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.createKey(Api.ADMIN, newIdempotencyKey(), inScope).status())
                .isEqualTo(201);
        jdbc.update("INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status,"
                + " secret_sha256, issued_by, issuance_id, created_at, updated_at, recorded_at)"
                + " SELECT encode(sha256(('bulk-key-' || i)::bytea), 'base64'), '" + BULK_PREFIX + "' || (i % 1000),"
                + " 900000 + i % 1000, 'seeded', 'ACTIVE', encode(sha256(('bulk-secret-' || i)::bytea), 'hex'),"
                + " 'test-seed', gen_random_uuid(), now(), now(), now() FROM generate_series(1, " + BULK_KEYS
                + ") AS i");
        jdbc.execute("ANALYZE access_key");
    }

    @AfterAll
    void removeSeededKeys(@Autowired JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM access_key WHERE user_name LIKE '" + BULK_PREFIX + "%'");
    }

    @Test
    void aNarrowScopePagesThroughItsKeysAmongAHundredThousandOthers() {
        String second = "a_c-" + UUID.randomUUID().toString().substring(0, 8);
        api.createKey(Api.ADMIN, newIdempotencyKey(), second);

        List<String> seen = listAll(Api.GLOB_READER, 1);

        assertThat(seen).contains(inScope, second).allMatch(name -> name.startsWith("a_c"));
    }

    @Test
    void anUnderscoreInAGlobIsNotAWildcard() {
        String lookAlike = "abc-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.createKey(Api.ADMIN, newIdempotencyKey(), lookAlike).status())
                .isEqualTo(201);

        List<String> seen = listAll(Api.GLOB_READER, 500);

        assertThat(seen).contains(inScope).doesNotContain(lookAlike);
        assertThat(list(Api.GLOB_READER, "?userName=" + lookAlike).json().get("items"))
                .isEmpty();
    }

    @Test
    void manyConcurrentNarrowSearchesLeaveCreatesTheirConnections() throws Exception {
        int readers = 16;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch sent = new CountDownLatch(readers);
        Queue<String> outcomes = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        for (int i = 0; i < readers; i++) {
            pool.submit(() -> {
                Api reader = new Api(port);
                boolean first = true;
                while (!stop.get()) {
                    if (first) {
                        sent.countDown();
                        first = false;
                    }
                    try {
                        Api.Answer answer = reader.call("GET", "/v1/access-keys?limit=1")
                                .token(Api.GLOB_READER)
                                .send();
                        outcomes.add(answer.status() == 503 ? "503 " + answer.text("type") : "" + answer.status());
                    } catch (RuntimeException ex) {
                        outcomes.add(ex.getClass().getSimpleName());
                    }
                    answered.incrementAndGet();
                }
            });
        }
        try {
            assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
            waitUntil(() -> answered.get() >= readers * 3, 3_000);

            Api.Answer created = api.createKey(Api.ISSUER, newIdempotencyKey(), newUser());

            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        } finally {
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(90, TimeUnit.SECONDS);
        }
        assertThat(outcomes)
                .contains("200")
                .allMatch(outcome -> outcome.equals("200") || outcome.endsWith("/too-many-reads"));
    }

    @Test
    void searchesBeyondTheirPlacesAreRefusedWhileCreatesGoOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> holders = new ArrayList<>();
        CountDownLatch holding = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            Thread holder = new Thread(() -> reads.run(() -> {
                holding.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
            holder.start();
            holders.add(holder);
        }
        try {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            Api.Answer refused = list(Api.GLOB_READER, "");
            Api.Answer created = api.createKey(Api.ISSUER, newIdempotencyKey(), newUser());

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.text("type")).endsWith("/too-many-reads");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        } finally {
            release.countDown();
            for (Thread holder : holders) {
                holder.join();
            }
        }
    }

    @Test
    void aSearchPastTheStatementTimeoutIsCancelledWith503() throws Exception {
        Api.Answer answer;
        try (Connection blocker = dataSource.getConnection();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE access_key IN ACCESS EXCLUSIVE MODE");
            try {
                answer = list(Api.GLOB_READER, "");
            } finally {
                blocker.rollback();
            }
        }

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.text("type")).endsWith("/read-timed-out");
        assertThat(answer.header("Retry-After")).isNotNull();
        assertThat(list(Api.GLOB_READER, "").status()).isEqualTo(200);
    }

    private Api.Answer list(String token, String query) {
        return api.call("GET", "/v1/access-keys" + query).token(token).send();
    }

    private List<String> listAll(String token, int limit) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            Api.Answer page = list(token, "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            for (JsonNode item : page.json().get("items")) {
                names.add(item.get("userName").asString());
            }
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return names;
    }

    /** Staging only: returns when the condition holds or the time is up, asserting nothing. */
    private static void waitUntil(Callable<Boolean> condition, long millis) {
        try {
            await().atMost(Duration.ofMillis(millis))
                    .pollInterval(Duration.ofMillis(20))
                    .until(condition);
        } catch (ConditionTimeoutException notYet) {
            // The readers are slower than hoped; the create below is tried among them all the same.
        }
    }
}
