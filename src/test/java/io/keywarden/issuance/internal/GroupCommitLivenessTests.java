package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.platform.jdbc.DeferredWrites;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who commits a record: its caller when nothing else is being committed, else the writer; and an
 * Error that ends the writer is neither silent nor a hang: the record that hit it fails, liveness
 * turns DOWN, and later records still commit, one by one, until the restart.
 */
class GroupCommitLivenessTests {

    private final GroupCommit groupCommit =
            new GroupCommit(null, new TransactionTemplate(new NoTransactions()), new DeferredWrites(null));
    private final GroupCommitHealthIndicator liveness = new GroupCommitHealthIndicator(groupCommit);

    @AfterEach
    void stop() {
        groupCommit.stop();
    }

    @Test
    void anErrorEndingTheWriterFailsItsRecordAndTurnsLivenessDown() throws Exception {
        groupCommit.start();
        assertThat(groupCommit.run(() -> "committed")).isEqualTo("committed");
        assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);

        // A record being committed on its caller's thread holds the commit slot, so the next one
        // goes to the writer, which takes it once the first is done.
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> groupCommit.run(() -> {
            committing.countDown();
            await(finish);
            return "committed first";
        }));
        committing.await();
        Supplier<String> fatal = () -> {
            throw new OutOfMemoryError("simulated: the writer runs out of memory");
        };
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> groupCommit.run(fatal));
        awaitWriterWaitingForSlot();
        finish.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("committed first");
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).rootCause().isInstanceOf(OutOfMemoryError.class);
        assertThat(liveness.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(liveness.health().getDetails()).containsEntry("writer", "died: java.lang.OutOfMemoryError");
        assertThat(groupCommit.run(() -> "committed alone")).isEqualTo("committed alone");
    }

    @Test
    void aRecordArrivingWhileNothingIsCommittedRunsOnItsCallersThreadAndOthersWaitForTheWriter() throws Exception {
        groupCommit.start();

        assertThat(groupCommit.run(() -> Thread.currentThread())).isSameAs(Thread.currentThread());

        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Thread> alone = CompletableFuture.supplyAsync(() -> groupCommit.run(() -> {
            committing.countDown();
            await(finish);
            return Thread.currentThread();
        }));
        committing.await();
        CompletableFuture<Thread> queued =
                CompletableFuture.supplyAsync(() -> groupCommit.run(() -> Thread.currentThread()));
        awaitWriterWaitingForSlot();
        assertThat(queued).as("waits while another commit holds the slot").isNotDone();
        finish.countDown();

        assertThat(queued.get(10, TimeUnit.SECONDS).getName()).isEqualTo("keywarden-group-commit");
        assertThat(alone.get(10, TimeUnit.SECONDS).getName()).isNotEqualTo("keywarden-group-commit");
    }

    private void awaitWriterWaitingForSlot() {
        Awaitility.await("the writer holds the record")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(groupCommit::writerWaitsForSlot);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Transactions that do nothing: this test is about the writer thread, not the database. */
    private static final class NoTransactions implements PlatformTransactionManager {
        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {}

        @Override
        public void rollback(TransactionStatus status) {}
    }
}
