package dev.cairn.benchmark;

import dev.cairn.core.history.HistoryIndexer;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable ingest into the embedded store without HTTP: journal commits of various batch sizes (each commit synced
 * to disk), then the history indexer catching up.
 *
 * <p>Usage: {@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.JournalBenchmark [--seconds 10]}
 */
public final class JournalBenchmark
{
    private JournalBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        long seconds = args.length == 2 && args[0].equals("--seconds") ? Long.parseLong(args[1]) : 10;
        SyntheticEvents events = new SyntheticEvents(42, "123456789012");
        System.out.println("| journal batch size | commits/s | events/s | commit p50 | commit p99 |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (int batchSize : new int[] {1, 8, 64, 1_000}) {
            Path data = Files.createTempDirectory("cairn-journal-benchmark-");
            try (SqliteStore store = SqliteStore.open(data)) {
                List<EventRecord> prepared = new ArrayList<>();
                for (int i = 0; i < 10_000; i++) {
                    prepared.add(events.next("us-east-1", Instant.now()));
                }
                Histogram commits = new Histogram(60_000_000_000L, 3);
                long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                long started = System.nanoTime();
                long written = 0;
                int next = 0;
                while (System.nanoTime() < deadline) {
                    long commitStart = System.nanoTime();
                    try (WriteBatch batch = store.beginBatch()) {
                        for (int i = 0; i < batchSize; i++) {
                            batch.append(prepared.get(next));
                            next = (next + 1) % prepared.size();
                        }
                        batch.commit();
                    }
                    commits.recordValue(System.nanoTime() - commitStart);
                    written += batchSize;
                }
                double elapsed = (System.nanoTime() - started) / 1e9;
                System.out.printf("| %,d | %,.0f | %,.0f | %.3f ms | %.3f ms |%n", batchSize, commits.getTotalCount() / elapsed, written / elapsed,
                        commits.getValueAtPercentile(50) / 1e6, commits.getValueAtPercentile(99) / 1e6);
                if (batchSize == 1_000) {
                    HistoryIndexer indexer = new HistoryIndexer(store.journal(), store.checkpoints(), store.history(), 5_000, false);
                    long indexStart = System.nanoTime();
                    while (indexer.runOnce()) {
                        // catch up
                    }
                    double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
                    System.out.printf("%nhistory indexer caught up with %,d events in %.1f s: %,.0f events/s%n", written, indexSeconds, written / indexSeconds);
                }
            }
            finally {
                deleteRecursively(data);
            }
        }
    }

    static void deleteRecursively(Path directory)
            throws java.io.IOException
    {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
