package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.platform.jdbc.DeferredWrites;
import io.keywarden.upstream.UpstreamAccessKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A created key's record is retried while the database's fault may pass (the secret exists only
 * in memory until the record commits), three times at most, and never for a fault that a retry
 * cannot mend. Without the writer started, each record commits on its caller's thread.
 */
class GroupCommitRetryTests {

    private static final IssuanceProperties PROPERTIES =
            new IssuanceProperties(Duration.ofDays(1), "", Duration.ofMinutes(2), Duration.ofSeconds(30), List.of());

    private static final IssuedKey ANSWER = new IssuedKey(
            "key-id", "secret", null, "user", 1L, null, AccessKeyStatus.ACTIVE, Instant.EPOCH, null, null);

    private final FlakyRecorder recorder = new FlakyRecorder();
    private final GroupCommit groupCommit =
            new GroupCommit(recorder, new TransactionTemplate(new NoTransactions()), new DeferredWrites(null));

    @Test
    void aRecordThatMeetsATransientFaultIsRetriedUntilItCommits() {
        recorder.failFirst(2, () -> new TransientDataAccessResourceException("connection lost"));

        assertThat(succeeded()).isSameAs(ANSWER);
        assertThat(recorder.calls).hasValue(3);
    }

    @Test
    void aRecordIsTriedThreeTimesAtMost() {
        recorder.failFirst(3, () -> new TransientDataAccessResourceException("connection lost"));

        assertThatThrownBy(this::succeeded).isInstanceOf(TransientDataAccessResourceException.class);
        assertThat(recorder.calls).hasValue(3);
    }

    @Test
    void aFaultARetryCannotMendIsNotRetried() {
        recorder.failFirst(1, () -> new DataIntegrityViolationException("duplicate key"));

        assertThatThrownBy(this::succeeded).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(recorder.calls).hasValue(1);
    }

    private IssuedKey succeeded() {
        return groupCommit.succeeded(UUID.randomUUID(), null, null, "request-id");
    }

    /** Fails its first records with the given fault, then writes nothing and answers {@link #ANSWER}. */
    private static final class FlakyRecorder extends IssuanceRecorder {
        private final AtomicInteger calls = new AtomicInteger();
        private int failures;
        private Supplier<RuntimeException> fault;

        FlakyRecorder() {
            super(null, null, null, null, null, null, null, null, null, PROPERTIES);
        }

        void failFirst(int count, Supplier<RuntimeException> fault) {
            this.failures = count;
            this.fault = fault;
        }

        @Override
        IssuedKey succeeded(UUID issuanceId, IssueRequest request, UpstreamAccessKey key, String upstreamRequestId) {
            if (calls.incrementAndGet() <= failures) {
                throw fault.get();
            }
            return ANSWER;
        }
    }

    /** Transactions that do nothing: this test is about retrying, not the database. */
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
