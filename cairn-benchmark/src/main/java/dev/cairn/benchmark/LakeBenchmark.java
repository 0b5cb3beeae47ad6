package dev.cairn.benchmark;

import com.sun.management.OperatingSystemMXBean;
import dev.cairn.core.lake.LakeCancellation;
import dev.cairn.core.lake.LakeConfig;
import dev.cairn.core.lake.LakeEngine;
import dev.cairn.core.lake.LakeFiles;
import dev.cairn.core.lake.LakeQueryStatistics;
import dev.cairn.core.lake.LakeResultSink;
import dev.cairn.core.lake.LakeTableSchema;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Lake's storage and engine (issue 16), measured in one process on the machine's cores:
 * <ol>
 * <li>ingest: events a second into Parquet through {@link LakeFiles#write} (target: 50,000 a second on 2 cores), in
 * batches as a journal consumer writes them, the records generated before each batch's clock starts; with the
 * process's CPU time an event;</li>
 * <li>queries over all the events (by default 10 M over 30 days, 36 event names, 1,000 principals, 8 regions, about
 * one in six a data event) before and after compaction: {@code GROUP BY eventName} (target: under 1 s), one day's
 * count, a map member grouped, denied calls by principal; each run 5 times (the best and the median);</li>
 * <li>compaction of the days' files, and the bytes each stored event takes before and after.</li>
 * </ol>
 * The data goes to a temporary directory, deleted at the end.
 * {@code java -Xmx1g -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.LakeBenchmark [events] [batch size] [days]}
 */
public final class LakeBenchmark
{
    private static final String STORE = "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private LakeBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path root = Files.createTempDirectory("cairn-lake-benchmark-");
        LakeConfig config = LakeConfig.defaults();
        System.out.printf("Lake benchmark: %,d events over %d days, batches of %,d; %d cores; query memory %d MB, %d threads; write memory %d MB, %d threads%n",
                events, days, batchSize, Runtime.getRuntime().availableProcessors(), config.queryMemoryBytes() >> 20, config.queryThreads(),
                config.writeMemoryBytes() >> 20, config.writeThreads());
        try (LakeFiles files = new LakeFiles(root, config); LakeEngine engine = new LakeEngine(files, config)) {
            ingest(files, events, batchSize, days);
            report("before compaction", files, events);
            queries(engine, events);

            long began = System.nanoTime();
            long cpu = OS.getProcessCpuTime();
            int merged = files.compact(STORE);
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("compaction: %,d files merged in %.1f s (%.1f s CPU, %,.0f events/s)%n", merged, seconds, (OS.getProcessCpuTime() - cpu) / 1e9, events / seconds);
            report("after compaction", files, events);
            queries(engine, events);
        }
        finally {
            try (Stream<Path> entries = Files.walk(root)) {
                for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    private static void ingest(LakeFiles files, long events, int batchSize, int days)
            throws Exception
    {
        LakeEvents generator = new LakeEvents(42);
        long spacingNanos = Duration.ofDays(days).toNanos() / events;
        long writeNanos = 0;
        long writeCpu = 0;
        long bytes = 0;
        long written = 0;
        for (long first = 0; first < events; first += batchSize) {
            int size = (int) Math.min(batchSize, events - first);
            List<byte[]> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(generator.next(START.plusNanos((first + i) * spacingNanos)));
                bytes += batch.get(i).length;
            }
            long began = System.nanoTime();
            long cpu = OS.getProcessCpuTime();
            written += files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, String.format("%020d", first), batch).rows();
            writeCpu += OS.getProcessCpuTime() - cpu;
            writeNanos += System.nanoTime() - began;
        }
        if (written != events) {
            throw new IllegalStateException("wrote " + written + " of " + events + " events");
        }
        System.out.printf("ingest: %,d events (%,d bytes of JSON each on average) in %.1f s of writing: %,.0f events/s; %.1f µs of CPU an event (%,.0f events per CPU second)%n",
                events, bytes / events, writeNanos / 1e9, events / (writeNanos / 1e9), writeCpu / 1e3 / events, events / (writeCpu / 1e9));
    }

    private static void report(String when, LakeFiles files, long events)
            throws Exception
    {
        long stored = files.storedBytes(STORE);
        System.out.printf("stored %s: %,d files, %,d bytes: %.1f bytes an event%n", when, files.liveFiles(STORE).size(), stored, (double) stored / events);
    }

    private static void queries(LakeEngine engine, long events)
            throws Exception
    {
        String view = LakeEngine.viewName(STORE);
        String day = "eventTime >= TIMESTAMP '2026-11-15 00:00:00' AND eventTime < TIMESTAMP '2026-11-16 00:00:00'";
        long total = 0;
        for (List<String> row : run(engine, "SELECT eventName, count(*) FROM " + view + " GROUP BY eventName ORDER BY 2 DESC", "GROUP BY eventName, all events")) {
            total += Long.parseLong(row.get(1));
        }
        if (total != events) {
            throw new IllegalStateException("counted " + total + " of " + events + " events");
        }
        run(engine, "SELECT count(*) FROM " + view + " WHERE " + day, "count of one day (eventTime range)");
        run(engine, "SELECT requestParameters['bucketName'] AS bucket, count(*) FROM " + view + " WHERE eventSource = 's3.amazonaws.com' AND " + day
                + " GROUP BY 1 ORDER BY 2 DESC LIMIT 10", "S3 buckets of one day (map member)");
        run(engine, "SELECT userIdentity.arn, count(*) FROM " + view + " WHERE errorCode = 'AccessDenied' GROUP BY 1 ORDER BY 2 DESC LIMIT 10", "denied calls by principal, all events");
        run(engine, "SELECT 1", "SELECT 1 (a query's fixed cost)");
    }

    private static List<List<String>> run(LakeEngine engine, String sql, String name)
            throws Exception
    {
        long[] millis = new long[5];
        List<List<String>> rows = new ArrayList<>();
        LakeQueryStatistics statistics = null;
        for (int i = 0; i < millis.length; i++) {
            rows.clear();
            LakeResultSink sink = new LakeResultSink()
            {
                @Override
                public void columns(List<String> names) {}

                @Override
                public void row(List<String> values)
                {
                    rows.add(values);
                }
            };
            long began = System.nanoTime();
            statistics = engine.execute(sql, Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS), sink, new LakeCancellation(), Duration.ofMinutes(5));
            millis[i] = (System.nanoTime() - began) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("  %-45s best %,6d ms, median %,6d ms; %,d rows; scanned %,d events, %,d bytes; matched %,d%n", name, millis[0], millis[2], rows.size(),
                statistics.eventsScanned(), statistics.bytesScanned(), statistics.eventsMatched());
        return rows;
    }
}
