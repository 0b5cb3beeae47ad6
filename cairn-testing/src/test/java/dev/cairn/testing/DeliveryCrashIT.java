package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * kill -9 while a trail delivers every second under load, twice, then a restart: every acknowledged call is in the
 * bucket exactly once, and nothing else is there twice. A real {@code cairn serve} process delivering into a bucket
 * directory.
 */
public class DeliveryCrashIT
{
    private static final AwsCredentialsProvider ROOT = TestingCairnServer.rootCredentials();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 4;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    @Test
    public void killNineMidDeliveryLosesAndDuplicatesNothing()
            throws Exception
    {
        Path data = temp.resolve("data");
        Path bucket = data.resolve("buckets").resolve("crash-logs");
        Map<String, String> acknowledged = new ConcurrentHashMap<>();

        try (CairnProcess cairn = start(); CloudTrailClient cloudTrail = cairn.cloudTrail(ROOT, "us-east-1")) {
            TestingCairnServer.createBucketDirectory(data, "crash-logs");
            cloudTrail.createTrail(request -> request.name("crash").s3BucketName("crash-logs"));
            cloudTrail.startLogging(request -> request.name("crash"));
            loadThenKill(cairn, acknowledged, "first");
        }
        int afterFirstKill = acknowledged.size();
        try (CairnProcess cairn = start()) {
            loadThenKill(cairn, acknowledged, "second");
        }
        try (CairnProcess cairn = start(); StsClient sts = cairn.sts(ROOT)) {
            String last = sts.getCallerIdentity().responseMetadata().requestId();
            acknowledged.put(last, "last");

            List<JsonNode> records = Poll.untilOrTimeout(DELIVERY_TIMEOUT, Duration.ofMillis(200), () -> read(bucket),
                    found -> requestIds(found).containsAll(acknowledged.keySet()));
            Set<String> delivered = requestIds(records);
            List<String> missing = acknowledged.keySet().stream().filter(id -> !delivered.contains(id)).toList();
            System.out.printf("DeliveryCrashIT: %d acknowledged calls (%d before the first kill), %d records in %d files after two kills%n",
                    acknowledged.size(), afterFirstKill, records.size(), files(bucket).size());
            assertThat(missing).as("acknowledged calls not delivered (of %d)", acknowledged.size()).isEmpty();
            Map<String, Integer> counts = new HashMap<>();
            for (JsonNode record : records) {
                counts.merge(record.path("eventID").asText(), 1, Integer::sum);
            }
            assertThat(counts.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("events delivered more than once")
                    .isEmpty();
        }
    }

    private CairnProcess start()
    {
        return start(temp);
    }

    /** {@code cairn serve} on a free port with its data in {@code temp/data}, delivering every second. */
    static CairnProcess start(Path temp)
    {
        return CairnProcess.builder()
                .outputDirectory(temp.resolve("runs"))
                .env("CAIRN_ROOT_ACCESS_KEY_ID", TestingCairnServer.ROOT_ACCESS_KEY_ID)
                .env("CAIRN_ROOT_SECRET_ACCESS_KEY", TestingCairnServer.ROOT_SECRET_ACCESS_KEY)
                .serve("--port", "0", "--data-dir", temp.resolve("data").toString(), "--delivery-interval", "1s")
                .start();
    }

    private static void loadThenKill(CairnProcess cairn, Map<String, String> acknowledged, String round)
            throws InterruptedException
    {
        loadThenKill(cairn, acknowledged, round, Duration.ofMillis(3_300));
    }

    /**
     * Calls GetCallerIdentity from several threads, recording each acknowledged request id, and kills the process
     * with them still running, {@code after} in (a few delivery intervals).
     */
    static void loadThenKill(CairnProcess cairn, Map<String, String> acknowledged, String round, Duration after)
            throws InterruptedException
    {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<StsClient> clients = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            StsClient sts = cairn.sts(ROOT);
            clients.add(sts);
            threads.execute(() -> {
                while (!stop.get()) {
                    String call = round + "-" + next.incrementAndGet();
                    try {
                        acknowledged.put(sts.getCallerIdentity().responseMetadata().requestId(), call);
                    }
                    catch (SdkException e) {
                        // the kill: unacknowledged calls may or may not be recorded
                        return;
                    }
                }
            });
        }
        // past a few deliveries, then kill while the load (and delivery) goes on
        Thread.sleep(after.toMillis());
        assertThat(cairn.sigkill()).isEqualTo(137);
        stop.set(true);
        threads.shutdown();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        clients.forEach(StsClient::close);
    }

    private static List<Path> files(Path bucket)
            throws IOException
    {
        if (!Files.isDirectory(bucket)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(bucket)) {
            return paths.filter(Files::isRegularFile).filter(path -> path.toString().endsWith(".json.gz")).sorted().toList();
        }
    }

    private static List<JsonNode> read(Path bucket)
            throws IOException
    {
        List<JsonNode> records = new ArrayList<>();
        for (Path file : files(bucket)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                JSON.readTree(in).get("Records").forEach(records::add);
            }
            catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return records;
    }

    private static Set<String> requestIds(List<JsonNode> records)
    {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (JsonNode record : records) {
            ids.add(record.path("requestID").asText());
        }
        return ids;
    }
}
