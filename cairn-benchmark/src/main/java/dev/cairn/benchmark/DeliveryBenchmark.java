package dev.cairn.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.target.local.LocalBucketStore;
import dev.cairn.target.s3.S3BucketStore;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;

/**
 * Trail delivery, end to end against a {@code cairn serve} process with {@code --delivery-interval 1s}: the time from
 * an answered API call to its record being readable in the bucket (a watcher lists and reads the bucket every 10 ms),
 * at rest and under load; then delivery throughput: the server is stopped, a backlog of synthetic events is appended
 * to its journal, and the time from the restart to the last record being delivered is measured. Into bucket
 * directories, and into moto_server's S3 API (in memory) when it is installed.
 *
 * <p>{@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.DeliveryBenchmark
 * [--jar cairn-cli/target/cairn.jar] [--samples 300] [--events 300000] [--no-moto]}
 */
public final class DeliveryBenchmark
{
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String BUCKET = "bench-logs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_SPACING = Duration.ofMillis(37);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private DeliveryBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        Path jar = Path.of("cairn-cli/target/cairn.jar");
        int samples = 300;
        long events = 300_000;
        boolean moto = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--no-moto" -> moto = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --jar FILE, --samples N, --events N, --no-moto)");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it first with ./cairn --version");
        }
        System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        List<String> rows = new ArrayList<>();

        Path local = Files.createTempDirectory("cairn-delivery-benchmark-");
        // with the bucket policy CloudTrail needs, which CreateTrail checks
        dev.cairn.testing.TestingCairnServer.createBucketDirectory(local, BUCKET);
        rows.addAll(run("bucket directory", jar, local, List.of(), Map.of(), new LocalBucketStore(local.resolve("buckets")), samples, events));

        if (moto) {
            int port = freePort();
            try (ServerProcess s3 = ServerProcess.moto(port)) {
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                try (S3Client client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
                    client.createBucket(request -> request.bucket(BUCKET));
                    client.putBucketPolicy(request -> request.bucket(BUCKET).policy(dev.cairn.testing.TestingCairnServer.cloudTrailPolicy(BUCKET)));
                }
                Path data = Files.createTempDirectory("cairn-delivery-benchmark-");
                try (S3BucketStore watcher = new S3BucketStore(new S3BucketStore.Settings(endpoint, "us-east-1", Optional.of("test"), Optional.of("test")))) {
                    rows.addAll(run("S3 API (moto_server)", jar, data, List.of("--s3-endpoint", endpoint.toString(), "--s3-access-key-id", "test"),
                            Map.of("CAIRN_S3_SECRET_ACCESS_KEY", "test"), watcher, samples, events));
                }
            }
        }
        System.out.println();
        System.out.println("| target | measurement | result | p50 | p99 |");
        System.out.println("| --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    private static List<String> run(String target, Path jar, Path data, List<String> arguments, Map<String, String> environment, BucketStore bucket,
            int samples, long events)
            throws Exception
    {
        List<String> serve = new ArrayList<>(List.of("--delivery-interval", "1s"));
        serve.addAll(arguments);
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("CAIRN_ROOT_ACCESS_KEY_ID", KEY);
        env.put("CAIRN_ROOT_SECRET_ACCESS_KEY", SECRET);
        List<String> rows = new ArrayList<>();
        String account;
        try (ServerProcess cairn = ServerProcess.cairn(jar, List.of(), data, serve, env)) {
            URI endpoint = URI.create("http://127.0.0.1:" + cairn.port());
            account = call(cairn.port(), SignedRequests.query(endpoint, "sts", "Action=GetCallerIdentity&Version=2011-06-15", KEY, SECRET, "us-east-1"))
                    .replaceAll("(?s).*<Account>(\\d+)</Account>.*", "$1");
            call(cairn.port(), SignedRequests.cloudTrail(endpoint, "CreateTrail", "{\"Name\":\"bench\",\"S3BucketName\":\"" + BUCKET + "\"}", KEY, SECRET, "us-east-1"));
            call(cairn.port(), SignedRequests.cloudTrail(endpoint, "StartLogging", "{\"Name\":\"bench\"}", KEY, SECRET, "us-east-1"));

            Histogram idle = latency(cairn.port(), endpoint, samples, bucket);
            rows.add(String.format("| %s | call to record readable in the bucket, otherwise idle (%d calls, one every %d ms) | | %.0f ms | %.0f ms (max %.0f ms) |",
                    target, samples, CALL_SPACING.toMillis(), idle.getValueAtPercentile(50) / 1e6, idle.getValueAtPercentile(99) / 1e6, idle.getMaxValue() / 1e6));
            AtomicBoolean stop = new AtomicBoolean();
            byte[] background = SignedRequests.query(endpoint, "sts", "Action=GetCallerIdentity&Version=2011-06-15", KEY, SECRET, "us-east-1");
            List<LoadRun.Result> load = new ArrayList<>();
            Thread loader = new Thread(() -> {
                try {
                    load.add(LoadRun.runUntil("127.0.0.1", cairn.port(), 4, c -> List.of(background), stop));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            loader.start();
            Thread.sleep(2_000);
            Histogram busy = latency(cairn.port(), endpoint, samples, bucket);
            stop.set(true);
            loader.join();
            rows.add(String.format("| %s | call to record readable in the bucket, under 4 clients of load (%,.0f calls/s, every one delivered) | | %.0f ms | %.0f ms (max %.0f ms) |",
                    target, load.get(0).throughput(), busy.getValueAtPercentile(50) / 1e6, busy.getValueAtPercentile(99) / 1e6, busy.getMaxValue() / 1e6));
            // let delivery drain before the stop
            awaitMetric(cairn.port(), "cairn_consumer_lag{consumer=\"trail-delivery\"}", value -> value == 0);
        }

        append(data, account, events);
        long restarted = System.nanoTime();
        try (ServerProcess cairn = ServerProcess.cairn(jar, List.of(), data, serve, env)) {
            long ready = System.nanoTime();
            long before = metric(cairn.port(), "cairn_delivered_records_total");
            long delivered = awaitMetric(cairn.port(), "cairn_delivered_records_total", value -> value >= before + events);
            long done = System.nanoTime();
            long files = metric(cairn.port(), "cairn_delivered_files_total");
            double seconds = (done - ready) / 1e9;
            rows.add(String.format("| %s | delivery throughput: a backlog of %,d synthetic 1.2 KB events after a restart (start took %.1f s) | **%,.0f events/s** (%,d records in %d files in %.1f s) | | |",
                    target, events, (ready - restarted) / 1e9, (delivered - before) / seconds, delivered - before, files, seconds));
        }
        return rows;
    }

    /** Calls GetCallerIdentity every {@link #CALL_SPACING}; measures from each answer until its record is in a file of the bucket. */
    private static Histogram latency(int port, URI endpoint, int samples, BucketStore bucket)
            throws Exception
    {
        byte[] call = SignedRequests.query(endpoint, "sts", "Action=GetCallerIdentity&Version=2011-06-15", KEY, SECRET, "us-east-1");
        Map<String, Long> answered = new ConcurrentHashMap<>();
        Map<String, Long> found = new ConcurrentHashMap<>();
        Set<String> seenKeys = new HashSet<>(bucket.list(BUCKET, ""));
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!stop.get()) {
                try {
                    for (String key : bucket.list(BUCKET, "")) {
                        if (seenKeys.add(key)) {
                            long now = System.nanoTime();
                            byte[] content = bucket.get(BUCKET, key).orElseThrow().content();
                            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
                                for (JsonNode record : JSON.readTree(in).path("Records")) {
                                    found.putIfAbsent(record.path("requestID").asText(), now);
                                }
                            }
                        }
                    }
                    Thread.sleep(10);
                }
                catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }, "bucket-watcher");
        watcher.start();
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            for (int i = 0; i < samples; i++) {
                HttpConnection.Response response = connection.send(call);
                answered.put(response.requestId(), System.nanoTime());
                Thread.sleep(CALL_SPACING.toMillis());
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!found.keySet().containsAll(answered.keySet())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("records not delivered within " + TIMEOUT);
            }
            Thread.sleep(10);
        }
        stop.set(true);
        watcher.join();
        Histogram histogram = new Histogram(TIMEOUT.toNanos(), 3);
        answered.forEach((requestId, at) -> histogram.recordValue(Math.max(0, found.get(requestId) - at)));
        return histogram;
    }

    /** Appends synthetic events of the account, timed now, to the stopped server's journal. */
    private static void append(Path data, String account, long count)
            throws IOException
    {
        SyntheticEvents synthetic = new SyntheticEvents(42, account);
        try (SqliteStore store = SqliteStore.open(data)) {
            long appended = 0;
            while (appended < count) {
                try (WriteBatch batch = store.beginBatch()) {
                    for (int i = 0; i < 10_000 && appended < count; i++, appended++) {
                        EventRecord event = synthetic.next("us-east-1", Instant.now());
                        batch.append(event);
                    }
                    batch.commit();
                }
            }
        }
    }

    private static String call(int port, byte[] request)
            throws IOException
    {
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            HttpConnection.Response response = connection.send(request);
            if (response.status() != 200) {
                throw new IllegalStateException("call failed: " + response.status() + " " + response.text());
            }
            return response.text();
        }
    }

    private static long awaitMetric(int port, String name, java.util.function.LongPredicate done)
            throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            long value = metric(port, name);
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " is still " + value);
            }
            Thread.sleep(20);
        }
    }

    private static long metric(int port, String name)
            throws IOException
    {
        byte[] request = ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            for (String line : connection.send(request).text().split("\n")) {
                if (line.startsWith(name + " ")) {
                    return Long.parseLong(line.substring(name.length() + 1).trim());
                }
            }
        }
        throw new IllegalStateException("no " + name + " in /metrics");
    }

    private static int freePort()
            throws IOException
    {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
