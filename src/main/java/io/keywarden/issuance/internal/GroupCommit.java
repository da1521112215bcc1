package io.keywarden.issuance.internal;

import io.keywarden.audit.AuditOutcome;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.platform.jdbc.DeferredWrites;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits the records of the create protocol: the one place that opens their transactions, retries
 * them and shares their commits. {@link IssuanceRecorder} only writes, inside the transaction
 * opened here.
 *
 * <p>A created key's record is retried a few times over a short while (the secret exists only in
 * memory until it commits, so a database hiccup should not cost the key) and shares its commit
 * with the records of other created keys. Every record appends to the audit chain, and appends are
 * serialised by a database lock held until commit, so one commit per key would cap creates at one
 * per commit's disk flush. One writer takes whatever records are waiting (at most {@value
 * #MAX_BATCH}), runs them in one transaction and commits once: each key's row, intent and audit
 * event still commit together, and nothing waits when nothing else is queued. The batch's writes
 * travel as one JDBC batch per statement ({@link DeferredWrites}), so a batch costs a handful of
 * round trips however many records it holds. When the shared transaction fails, each record of the
 * batch is run again on its own, so one bad record never costs the others. A record that finds
 * nothing waiting and nothing being committed is committed on its caller's own thread: an idle
 * create skips the two hand-offs to the writer and back, and a busy one queues as before. One
 * commit at a time either way, which the commit slot ensures.
 *
 * <p>An attempt's other ends (the upstream refused or did not answer, a replay, an attempt that
 * could not go on) are rare and commit alone, each in a transaction of its own.
 */
@Component
class GroupCommit implements SmartLifecycle {

    static final int MAX_BATCH = 64;
    private static final int ATTEMPTS = 3;
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final IssuanceRecorder recorder;
    private final TransactionTemplate transactions;
    private final DeferredWrites writes;
    private final BlockingQueue<Work<?>> queue = new LinkedBlockingQueue<>();
    /** Held by whoever commits: the writer for a batch, or a caller committing its record alone. */
    private final Semaphore slot = new Semaphore(1);

    private volatile Thread writer;
    private volatile Throwable writerDeath;

    GroupCommit(IssuanceRecorder recorder, TransactionTemplate transactions, DeferredWrites writes) {
        this.recorder = recorder;
        this.transactions = transactions;
        this.writes = writes;
    }

    /** Records a created key: retried, in a commit shared with the other records waiting. */
    IssuedKey succeeded(UUID issuanceId, IssueRequest request, UpstreamAccessKey key, String upstreamRequestId) {
        return retried(() -> run(() -> recorder.succeeded(issuanceId, request, key, upstreamRequestId)));
    }

    /** Settles an attempt the upstream did not carry out, with its audit event, in one commit. */
    void ended(UUID issuanceId, IssueRequest request, UpstreamOutcome<?> outcome) {
        transactions.executeWithoutResult(tx -> recorder.ended(issuanceId, request, outcome));
    }

    /** Serves a stored answer again, with its audit event, in one commit. */
    IssuedKey replayed(UUID issuanceId, IssueRequest request, byte[] ciphertext) {
        return transactions.execute(tx -> recorder.replayed(issuanceId, request, ciphertext));
    }

    /** Audits how an attempt went when nothing else is recorded for it. */
    void attempted(IssueRequest request, AuditOutcome outcome, String accessKeyId, String detail) {
        transactions.executeWithoutResult(tx -> recorder.attempted(request, outcome, accessKeyId, detail));
    }

    /**
     * Runs {@code record} a few times over a short while when the database answers with a fault that
     * may pass (a lost connection, a pool that is briefly empty).
     */
    private static <T> T retried(Supplier<T> record) {
        long pause = FIRST_PAUSE_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return record.get();
            } catch (TransientDataAccessException | CannotCreateTransactionException ex) {
                if (attempt == ATTEMPTS) {
                    throw ex;
                }
                pause(pause);
                pause *= 2;
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CannotCreateTransactionException("interrupted while waiting to retry", ex);
        }
    }

    /** Runs {@code record} in a transaction shared with other waiting records; answers its result. */
    <T> T run(Supplier<T> record) {
        if (!writing()) {
            return transactions.execute(tx -> record.get());
        }
        if (queue.isEmpty() && slot.tryAcquire()) {
            try {
                return transactions.execute(tx -> record.get());
            } finally {
                slot.release();
            }
        }
        Work<T> work = new Work<>(record);
        queue.add(work);
        if (!writing() && queue.remove(work)) {
            return transactions.execute(tx -> record.get());
        }
        try {
            return work.result.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the record was committed", ex);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        }
    }

    private boolean writing() {
        return writer != null && writerDeath == null;
    }

    /** Whether the writer holds records and waits for the commit slot, which a caller holds. */
    boolean writerWaitsForSlot() {
        return slot.hasQueuedThreads();
    }

    /** What ended the writer thread, or {@code null} while it runs (or was stopped in order). */
    Throwable writerDeath() {
        return writerDeath;
    }

    /**
     * An Error (out of memory, a stack overflow) ends the writer: its batch and the records queued
     * behind it fail instead of waiting forever, later records commit one by one on their callers'
     * threads, and {@link GroupCommitHealthIndicator} turns liveness DOWN so the process is restarted.
     */
    private void writeLoop() {
        try {
            writeUntilStopped();
        } catch (Error fatal) {
            if (writerDeath == null) {
                writerDeath = fatal;
            }
            log.error("The group-commit writer died; liveness is DOWN until keywarden restarts", fatal);
            for (Work<?> left = queue.poll(); left != null; left = queue.poll()) {
                left.result.completeExceptionally(fatal);
            }
            throw fatal;
        }
    }

    private void writeUntilStopped() {
        while (writer != null || !queue.isEmpty()) {
            List<Work<?>> batch = new ArrayList<>();
            try {
                Work<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                slot.acquireUninterruptibly();
                try {
                    // What queued while a caller held the slot travels too.
                    queue.drainTo(batch, MAX_BATCH - 1);
                    commit(batch);
                } finally {
                    slot.release();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException ex) {
                batch.forEach(work -> work.result.completeExceptionally(ex));
            } catch (Error fatal) {
                writerDeath = fatal;
                batch.forEach(work -> work.result.completeExceptionally(fatal));
                throw fatal;
            }
        }
    }

    private void commit(List<Work<?>> batch) {
        if (batch.size() == 1) {
            batch.get(0).runAlone(transactions);
            return;
        }
        try {
            List<Object> results = transactions.execute(tx -> writes.collecting(() -> {
                List<Object> done = new ArrayList<>(batch.size());
                batch.forEach(work -> done.add(work.get()));
                return done;
            }));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(results.get(i));
            }
        } catch (RuntimeException ex) {
            log.debug(
                    "A batch of {} records failed ({}); committing them one by one",
                    batch.size(),
                    ex.getClass().getSimpleName());
            batch.forEach(work -> work.runAlone(transactions));
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::writeLoop, "keywarden-group-commit");
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = writer;
        writer = null;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    @Override
    public int getPhase() {
        // Stops after the web server has stopped taking and finishing requests.
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /**
     * A record waiting to be committed. What it writes names its request itself (its audit event
     * carries the request's context), so the writer runs it as it is, on any thread.
     */
    private static final class Work<T> {
        private final Supplier<T> record;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Work(Supplier<T> record) {
            this.record = record;
        }

        T get() {
            return record.get();
        }

        @SuppressWarnings("unchecked")
        void complete(Object value) {
            result.complete((T) value);
        }

        void runAlone(TransactionTemplate transactions) {
            try {
                result.complete(transactions.execute(tx -> get()));
            } catch (RuntimeException ex) {
                result.completeExceptionally(ex);
            }
        }
    }
}
