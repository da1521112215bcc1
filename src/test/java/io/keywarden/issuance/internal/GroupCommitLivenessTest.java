package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.storage.DeferredWrites;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An Error that ends the group-commit writer is neither silent nor a hang: the record that hit it
 * fails, liveness turns DOWN, and later records still commit, one by one, until the restart.
 */
class GroupCommitLivenessTest {

    private final GroupCommit groupCommit =
            new GroupCommit(new TransactionTemplate(new NoTransactions()), new DeferredWrites(null));
    private final GroupCommitHealthIndicator liveness = new GroupCommitHealthIndicator(groupCommit);

    @AfterEach
    void stop() {
        groupCommit.stop();
    }

    @Test
    void anErrorEndingTheWriterFailsItsRecordAndTurnsLivenessDown() {
        groupCommit.start();
        assertThat(groupCommit.run(() -> "committed")).isEqualTo("committed");
        assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);

        Supplier<String> fatal = () -> {
            throw new OutOfMemoryError("simulated: the writer runs out of memory");
        };
        assertThatThrownBy(() -> groupCommit.run(fatal)).hasCauseInstanceOf(OutOfMemoryError.class);

        assertThat(liveness.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(liveness.health().getDetails()).containsEntry("writer", "died: java.lang.OutOfMemoryError");
        assertThat(groupCommit.run(() -> "committed alone")).isEqualTo("committed alone");
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
