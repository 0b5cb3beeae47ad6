package dev.cairn.benchmark;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.journal.JournalConfig;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.CheckpointStore;
import dev.cairn.spi.EventHistory;
import dev.cairn.spi.JournalReader;
import dev.cairn.spi.LogEventWriter;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.Outbox;
import dev.cairn.spi.OutboxWriter;
import dev.cairn.spi.Store;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * What the bound on the journal's queue of calls ({@code --max-queued-calls}) does when the store stalls: calls arrive
 * at a steady rate (open loop, as clients keep calling whatever happens), and in the middle of the run the store's
 * commits stop for a while, as a disk or a database does when it hiccups. With the queue practically unbounded every
 * call that arrives during the stall waits for it, and they pile up; with the bound, the calls beyond it are refused
 * at once with ThrottlingException (the AWS SDKs retry those with backoff), and only the calls within it wait.
 *
 * <p>Usage: {@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.JournalOverloadBenchmark
 * [--rate 5000] [--seconds 10] [--stall 2s]}
 */
public final class JournalOverloadBenchmark
{
    private JournalOverloadBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int rate = 5_000;
        Duration run = Duration.ofSeconds(10);
        Duration stall = Duration.ofSeconds(2);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> run = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--stall" -> stall = dev.cairn.cli.Durations.parse(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --rate N, --seconds N, --stall DURATION)");
            }
        }
        System.out.printf("%,d calls/s for %s, the store's commits stalled for %s in the middle%n%n", rate, run, stall);
        System.out.println("| max queued calls | calls recorded | refused (ThrottlingException) | recorded p50 | recorded p99 | recorded max | refused p99 | most calls waiting |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int bound : new int[] {JournalConfig.DEFAULT_MAXIMUM_QUEUED_CALLS, 1_000_000}) {
            Path data = Files.createTempDirectory("cairn-overload-benchmark-");
            try (StallingStore store = new StallingStore(SqliteStore.open(data))) {
                JournalWriter journal = new JournalWriter(store, JournalConfig.DEFAULT_BATCH_SIZE, bound, (lastPosition, metadataChanged) -> { });
                journal.start();
                System.out.println(measure(journal, store, rate, run, stall, bound));
                journal.close();
            }
            finally {
                JournalBenchmark.deleteRecursively(data);
            }
        }
    }

    private static String measure(JournalWriter journal, StallingStore store, int rate, Duration run, Duration stall, int bound)
    {
        SyntheticEvents synthetic = new SyntheticEvents(7, "123456789012");
        List<EventRecord> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            events.add(synthetic.next("us-east-1", Instant.now()));
        }
        Histogram recorded = new ConcurrentHistogram(60_000_000_000L, 3);
        Histogram refused = new ConcurrentHistogram(60_000_000_000L, 3);
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long stallFrom = start + (run.toNanos() - stall.toNanos()) / 2;
        long stallTo = stallFrom + stall.toNanos();
        long end = start + run.toNanos();
        int mostWaiting = 0;
        for (long n = 0; ; n++) {
            long due = start + n * interval;
            if (due >= end) {
                break;
            }
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(due - now);
            }
            store.stalled = System.nanoTime() >= stallFrom && System.nanoTime() < stallTo;
            long sent = System.nanoTime();
            CompletableFuture<Void> done = journal.append(events.get((int) (n % events.size())));
            pending.add(done.whenComplete((ignored, error) -> {
                long took = System.nanoTime() - sent;
                if (error == null) {
                    recorded.recordValue(took);
                }
                else if (error instanceof CairnException cairn && cairn.errorCode() == ErrorCode.THROTTLING) {
                    refused.recordValue(took);
                }
                else {
                    failed.incrementAndGet();
                }
            }));
            mostWaiting = Math.max(mostWaiting, journal.queuedCalls());
        }
        store.stalled = false;
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.MINUTES).exceptionally(error -> null).join();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " calls failed otherwise");
        }
        return String.format("| %,d | %,d | %,d | %.1f ms | %.1f ms | %.1f ms | %.3f ms | %,d |", bound, recorded.getTotalCount(), refused.getTotalCount(),
                recorded.getValueAtPercentile(50) / 1e6, recorded.getValueAtPercentile(99) / 1e6, recorded.getMaxValue() / 1e6,
                refused.getValueAtPercentile(99) / 1e6, mostWaiting);
    }

    /** The embedded store, whose commits wait while {@link #stalled}: a disk that stops answering for a while. */
    private static final class StallingStore
            implements Store
    {
        private final Store store;
        volatile boolean stalled;

        StallingStore(Store store)
        {
            this.store = store;
        }

        @Override
        public <T> T read(ReadWork<T> work)
                throws IOException
        {
            return store.read(work);
        }

        @Override
        public long metadataVersion()
                throws IOException
        {
            return store.metadataVersion();
        }

        @Override
        public WriteBatch beginBatch()
                throws IOException
        {
            WriteBatch batch = store.beginBatch();
            return new WriteBatch()
            {
                @Override
                public MetadataWriter metadata()
                {
                    return batch.metadata();
                }

                @Override
                public LogEventWriter logEvents()
                {
                    return batch.logEvents();
                }

                @Override
                public OutboxWriter outbox()
                {
                    return batch.outbox();
                }

                @Override
                public void append(EventRecord event)
                        throws IOException
                {
                    batch.append(event);
                }

                @Override
                public void savepoint()
                        throws IOException
                {
                    batch.savepoint();
                }

                @Override
                public void releaseSavepoint()
                        throws IOException
                {
                    batch.releaseSavepoint();
                }

                @Override
                public void rollbackToSavepoint()
                        throws IOException
                {
                    batch.rollbackToSavepoint();
                }

                @Override
                public long commit()
                        throws IOException
                {
                    while (stalled) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    return batch.commit();
                }

                @Override
                public void close()
                        throws IOException
                {
                    batch.close();
                }
            };
        }

        @Override
        public JournalReader journal()
        {
            return store.journal();
        }

        @Override
        public CheckpointStore checkpoints()
        {
            return store.checkpoints();
        }

        @Override
        public EventHistory history()
        {
            return store.history();
        }

        @Override
        public LogEvents logEvents()
        {
            return store.logEvents();
        }

        @Override
        public Outbox outbox()
        {
            return store.outbox();
        }

        @Override
        public void close()
                throws IOException
        {
            store.close();
        }
    }
}
