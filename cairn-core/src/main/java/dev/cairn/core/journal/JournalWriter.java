package dev.cairn.core.journal;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.ConflictException;
import dev.cairn.spi.Store;
import dev.cairn.spi.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal's single writer. Calls hand it their events (and, for writes, their state changes); it commits
 * everything queued in one transaction (group commit), so durability costs one sync per batch, and completes each
 * call's future only after the batch is durable. A call waits only for the batch that holds its event.
 *
 * <p>The queue of calls is bounded ({@code maximumQueuedCalls}): when it is full, a call fails at once with
 * {@code ThrottlingException} (which the AWS SDKs retry with backoff) rather than waiting behind an ever longer queue.
 * Cairn's own changes ({@link #applyUnrecorded}: delivery state, leases, signing keys) are few and always admitted,
 * so that overload never costs a node its leases.
 *
 * <p>Thread-safety: {@link #append} and {@link #submit} may be called from any thread; the batches run on one
 * thread named {@code cairn-journal-writer}.
 */
public final class JournalWriter
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    /** Attempts at a batch that conflicts with other nodes' batches before its calls fail. */
    private static final int MAXIMUM_ATTEMPTS = 5;

    /** Notified on the writer thread after each durable batch. */
    public interface CommitListener
    {
        void committed(long lastPosition, boolean metadataChanged);
    }

    private final Store store;
    private final int maximumBatchSize;
    private final int maximumQueuedCalls;
    private final CommitListener listener;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    /** Calls queued and not yet taken into a batch. */
    private final AtomicInteger queuedCalls = new AtomicInteger();
    private final AtomicLong throttledCalls = new AtomicLong();
    private final Thread thread;
    private final AtomicLong committedBatches = new AtomicLong();
    private final AtomicLong committedEvents = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final AtomicLong maximumCommitNanos = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private volatile boolean closing;

    public JournalWriter(Store store, int maximumBatchSize, int maximumQueuedCalls, CommitListener listener)
    {
        this.store = requireNonNull(store, "store is null");
        if (maximumBatchSize <= 0) {
            throw new IllegalArgumentException("maximumBatchSize must be positive");
        }
        if (maximumQueuedCalls <= 0) {
            throw new IllegalArgumentException("maximumQueuedCalls must be positive");
        }
        this.maximumBatchSize = maximumBatchSize;
        this.maximumQueuedCalls = maximumQueuedCalls;
        this.listener = requireNonNull(listener, "listener is null");
        this.thread = new Thread(this::run, "cairn-journal-writer");
        this.thread.setDaemon(false);
    }

    public void start()
    {
        thread.start();
    }

    /**
     * Appends an event; the future completes once it is durable, or at once with {@code ThrottlingException} when
     * the queue is full.
     */
    public CompletableFuture<Void> append(EventRecord event)
    {
        requireNonNull(event, "event is null");
        return enqueue(new Pending<>(null, List.of(event), true));
    }

    /**
     * Appends the events of one call that is recorded more than once (in the caller's account and in the account
     * it acted on), in one batch: all are durable, or none.
     */
    public CompletableFuture<Void> append(List<EventRecord> events)
    {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events to append");
        }
        return enqueue(new Pending<>(null, List.copyOf(events), true));
    }

    /**
     * Runs a state change with the event recording it. The future completes with the task's result once durable,
     * or exceptionally with the task's {@link CairnException} once its failure event is durable, or with an
     * {@link IOException} when the batch could not be committed (then nothing of the task happened); at once with
     * {@code ThrottlingException} when the queue is full (nothing happened, nothing is recorded).
     */
    public <R> CompletableFuture<R> submit(WriteTask<R> task)
    {
        requireNonNull(task, "task is null");
        return enqueue(new Pending<>(task, null, true));
    }

    /**
     * Runs a change that records nothing ({@link WriteTask#unrecorded}) in the next batch and waits until it is
     * durable; {@code what} names it in errors.
     */
    public <R> R applyUnrecorded(String what, WriteTask.Change<R> change, java.time.Duration timeout)
            throws IOException
    {
        return applyUnrecorded(what, WriteTask.unrecorded(change), timeout);
    }

    /** Runs a task that records nothing (a {@link WriteTask#unrecorded} one) in the next batch and waits until it is durable. */
    public <R> R applyUnrecorded(String what, WriteTask<R> task, java.time.Duration timeout)
            throws IOException
    {
        try {
            return enqueue(new Pending<>(task, null, false)).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to " + what, e);
        }
        catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
        catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot " + what + ": the journal did not commit it within " + timeout, e);
        }
    }

    private <R> CompletableFuture<R> enqueue(Pending<R> pending)
    {
        if (closing) {
            pending.future.completeExceptionally(new CairnException(ErrorCode.SERVICE_UNAVAILABLE, "Cairn is shutting down."));
            return pending.future;
        }
        if (pending.call && queuedCalls.incrementAndGet() > maximumQueuedCalls) {
            queuedCalls.decrementAndGet();
            throttledCalls.incrementAndGet();
            pending.future.completeExceptionally(new CairnException(ErrorCode.THROTTLING, "Rate exceeded: " + maximumQueuedCalls
                    + " calls are waiting to be recorded; retry with backoff."));
            return pending.future;
        }
        queue.add(pending);
        return pending.future;
    }

    /** Calls waiting to be recorded now. */
    public int queuedCalls()
    {
        return queuedCalls.get();
    }

    /**
     * Whether a call submitted now would be queued rather than refused: the queue has room and the writer is not
     * closing. For callers that must not act before they know their event can be recorded (the S3 gateway forwards a
     * request only then); a call may still be refused if others fill the queue in between.
     */
    public boolean accepting()
    {
        return !closing && queuedCalls.get() < maximumQueuedCalls;
    }

    /** Calls refused because the queue was full, since start. */
    public long throttledCalls()
    {
        return throttledCalls.get();
    }

    public long committedBatches()
    {
        return committedBatches.get();
    }

    public long committedEvents()
    {
        return committedEvents.get();
    }

    /** Batches, calls, and time spent in transactions so far, for logs and benchmarks. */
    public String statistics()
    {
        long batches = committedBatches.get();
        return String.format("%,d batches, %,d calls (%.1f per batch), %.3f ms per batch on average, %.1f ms at most, %,d run again after a conflict",
                batches, committedEvents.get(), batches == 0 ? 0.0 : (double) committedEvents.get() / batches,
                batches == 0 ? 0.0 : commitNanos.get() / 1e6 / batches, maximumCommitNanos.get() / 1e6, conflicts.get());
    }

    private void run()
    {
        List<Pending<?>> batch = new ArrayList<>(maximumBatchSize);
        while (true) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maximumBatchSize - 1);
                for (Pending<?> taken : batch) {
                    if (taken.call) {
                        queuedCalls.decrementAndGet();
                    }
                }
                commit(batch);
            }
            catch (InterruptedException e) {
                if (closing) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            catch (RuntimeException | Error e) {
                log.error("journal writer failed a batch", e);
                for (Pending<?> pending : batch) {
                    pending.future.completeExceptionally(e);
                }
            }
            finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<?>> batch)
    {
        long started = System.nanoTime();
        Committed committed;
        int attempt = 1;
        while (true) {
            try {
                committed = tryCommit(batch);
                break;
            }
            catch (ConflictException e) {
                // another node's batch held rows this one needed: nothing was committed, so run the whole batch again
                if (attempt >= MAXIMUM_ATTEMPTS || closing) {
                    fail(batch, e, attempt);
                    return;
                }
                log.info("journal batch of {} calls conflicted with another node's batch ({}); running it again", batch.size(), e.getMessage());
                conflicts.incrementAndGet();
                attempt++;
            }
            catch (IOException e) {
                fail(batch, e, attempt);
                return;
            }
        }
        long took = System.nanoTime() - started;
        commitNanos.addAndGet(took);
        maximumCommitNanos.accumulateAndGet(took, Math::max);
        committedBatches.incrementAndGet();
        committedEvents.addAndGet(batch.size());
        try {
            listener.committed(committed.lastPosition(), committed.metadataChanged());
        }
        catch (RuntimeException e) {
            log.warn("commit listener failed", e);
        }
        committed.completions().forEach(Runnable::run);
    }

    private static void fail(List<Pending<?>> batch, IOException e, int attempts)
    {
        log.error("journal batch of {} calls could not be committed ({} attempts); none of them took effect", batch.size(), attempts, e);
        for (Pending<?> pending : batch) {
            pending.future.completeExceptionally(e);
        }
    }

    private record Committed(long lastPosition, boolean metadataChanged, List<Runnable> completions) {}

    /** One attempt at the batch: nothing of it is committed when this throws. */
    private Committed tryCommit(List<Pending<?>> batch)
            throws IOException
    {
        boolean metadataChanged = false;
        List<Runnable> completions = new ArrayList<>(batch.size());
        try (WriteBatch transaction = store.beginBatch()) {
            for (Pending<?> pending : batch) {
                if (pending.task == null) {
                    for (EventRecord event : pending.events) {
                        transaction.append(event);
                    }
                    completions.add(pending.appended());
                    continue;
                }
                transaction.savepoint();
                Runnable completion;
                try {
                    completion = pending.apply(transaction);
                    metadataChanged |= pending.task.changesMetadata();
                }
                catch (CairnException e) {
                    transaction.rollbackToSavepoint();
                    transaction.savepoint();
                    completion = pending.recordFailure(transaction, e);
                }
                catch (ConflictException e) {
                    throw e;
                }
                catch (IOException | RuntimeException e) {
                    // a bug or a store failure inside one task: undo it and record it as an internal failure
                    log.error("write task failed", e);
                    transaction.rollbackToSavepoint();
                    transaction.savepoint();
                    completion = pending.recordFailure(transaction, new CairnException(ErrorCode.INTERNAL_FAILURE, "An internal error occurred.", e));
                }
                transaction.releaseSavepoint();
                completions.add(completion);
            }
            long lastPosition = transaction.commit();
            return new Committed(lastPosition, metadataChanged, completions);
        }
    }

    @Override
    public void close()
    {
        closing = true;
        log.info("journal writer: {}", statistics());
        try {
            thread.join(30_000);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending<?> left;
        while ((left = queue.poll()) != null) {
            left.future.completeExceptionally(new CairnException(ErrorCode.SERVICE_UNAVAILABLE, "Cairn is shutting down."));
        }
    }

    /** A queued call (or internal change). Exactly one of task and event is set. */
    private static final class Pending<R>
    {
        private final WriteTask<R> task;
        private final List<EventRecord> events;
        /** Whether this is a call, which counts against the bound; Cairn's own changes do not. */
        private final boolean call;
        private final CompletableFuture<R> future = new CompletableFuture<>();

        Pending(WriteTask<R> task, List<EventRecord> events, boolean call)
        {
            this.task = task;
            this.events = events;
            this.call = call;
        }

        Runnable appended()
        {
            return () -> future.complete(null);
        }

        Runnable apply(WriteBatch transaction)
                throws IOException
        {
            R result = task.apply(transaction);
            Optional<EventRecord> event = task.recordSuccess(result);
            if (event.isPresent()) {
                transaction.append(event.get());
            }
            for (EventRecord entry : task.entries(result)) {
                transaction.append(entry);
            }
            return () -> future.complete(result);
        }

        Runnable recordFailure(WriteBatch transaction, CairnException error)
                throws IOException
        {
            Optional<EventRecord> event = task.recordFailure(error);
            if (event.isPresent()) {
                transaction.append(event.get());
            }
            return () -> future.completeExceptionally(error);
        }
    }
}
