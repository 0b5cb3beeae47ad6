package dev.cairn.benchmark;

import dev.cairn.core.delivery.LogFiles;
import dev.cairn.core.digest.DeliveredLog;
import dev.cairn.core.digest.DigestFiles;
import dev.cairn.core.digest.DigestLink;
import dev.cairn.core.digest.SigningKey;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.BucketStore;
import dev.cairn.target.s3.S3BucketStore;
import dev.cairn.target.s3.TestingS3Proxy;
import dev.cairn.testing.TestingCairnServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * {@code cairn validate-logs} against {@code aws cloudtrail validate-logs} on the same bucket, side by side. The
 * bucket holds a day of a busy trail: {@code --hours} hourly digests (CloudTrail's interval) listing
 * {@code --log-files} log files of 1 to {@code --events} synthetic events each, written in Cairn's formats and
 * signed with the key of a Cairn server started here (so that its ListPublicKeys serves the key, as for a real trail).
 * The S3 API is s3proxy over a directory, in this process, reached through a proxy that answers each request after
 * {@code --s3-latency} milliseconds (0: loopback; 10: an S3 endpoint across a network). Both tools run as fresh
 * processes ({@code ./cairn}, JVM start-up included; the AWS CLI, Python start-up included), {@code --runs} times
 * each (the best run counts), and must report every file valid.
 *
 * <p>{@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.ValidateBenchmark [--cairn ./cairn] [--aws aws]
 * [--log-files 2400] [--hours 24] [--events 100] [--runs 2] [--s3-latency 0,10]}
 */
public final class ValidateBenchmark
{
    private static final String KEY = TestingCairnServer.ROOT_ACCESS_KEY_ID;
    private static final String SECRET = TestingCairnServer.ROOT_SECRET_ACCESS_KEY;
    private static final String BUCKET = "validated-logs";
    private static final String REGION = "us-east-1";

    private ValidateBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        Path launcher = Path.of("cairn");
        String aws = "aws";
        List<Integer> latencies = List.of(0, 10);
        int logFiles = 2_400;
        int hours = 24;
        int events = 100;
        int runs = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cairn" -> launcher = Path.of(args[++i]);
                case "--s3-latency" -> latencies = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--aws" -> aws = args[++i];
                case "--log-files" -> logFiles = Integer.parseInt(args[++i]);
                case "--hours" -> hours = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --cairn FILE, --aws COMMAND, --log-files N, --hours N, --events N, --runs N, --s3-latency MS[,MS...])");
            }
        }
        if (logFiles < hours || hours < 1 || events < 1 || runs < 1) {
            throw new IllegalArgumentException("need --hours >= 1, --log-files >= --hours, --events >= 1, --runs >= 1");
        }
        System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Path s3Directory = Files.createTempDirectory("cairn-validate-benchmark-s3-");
        Path work = Files.createTempDirectory("cairn-validate-benchmark-work-");
        TestingS3Proxy proxy = startS3(s3Directory);
        URI s3Endpoint = proxy.endpoint();
        S3BucketStore.Settings s3 = new S3BucketStore.Settings(s3Endpoint, REGION, Optional.of(KEY), Optional.of(SECRET));
        // s3proxy keeps no bucket policies: CreateTrail's check is off here (this measures validation)
        try (TestingCairnServer cairn = TestingCairnServer.builder().s3(s3).checkBucketPolicy(false).start();
                S3BucketStore buckets = new S3BucketStore(s3)) {
            cairn.cloudTrail().createTrail(request -> request.name("bench").s3BucketName(BUCKET).enableLogFileValidation(true));
            Trail trail = cairn.server().store().read(reader -> new TrailRepository(reader).trail(cairn.accountId(), REGION, "bench")).orElseThrow();
            SigningKey key = cairn.server().cairn().signingKeys().current(REGION);

            Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
            Instant start = end.minus(Duration.ofHours(hours));
            long generating = System.nanoTime();
            long[] sizes = writeChain(buckets, trail, key, start, hours, logFiles, events, cairn.accountId());
            System.out.printf("bucket: %d log files (%.1f MB compressed, %.1f MB uncompressed) and %d digest files, written in %.1f s%n",
                    logFiles, sizes[0] / 1e6, sizes[1] / 1e6, hours, (System.nanoTime() - generating) / 1e9);

            String endpoint = cairn.endpoint().toString();
            String awsVersion = version(aws, work);
            List<String> rows = new ArrayList<>();
            for (int latency : latencies) {
                try (LatencyProxy network = new LatencyProxy(s3Endpoint.getPort(), latency)) {
                    String s3Url = "http://127.0.0.1:" + network.port();
                    System.out.printf("%nS3 answers %d ms after each request:%n", latency);
                    Map<String, String> environment = Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_DEFAULT_REGION", REGION,
                            "AWS_ENDPOINT_URL_S3", s3Url, "AWS_PAGER", "", "AWS_CONFIG_FILE", work.resolve("none").toString(),
                            "AWS_SHARED_CREDENTIALS_FILE", work.resolve("none").toString());
                    List<String> cairnCommand = List.of(launcher.toAbsolutePath().toString(), "validate-logs", "--endpoint-url", endpoint,
                            "--trail-arn", trail.arn(), "--start-time", start.toString(), "--s3-endpoint", s3Url);
                    List<String> awsCommand = List.of(aws, "--endpoint-url", endpoint, "cloudtrail", "validate-logs", "--trail-arn", trail.arn(),
                            "--start-time", start.toString());
                    double cairnSeconds = best(cairnCommand, environment, work, "cairn validate-logs", runs);
                    double awsSeconds = best(awsCommand, environment, work, "aws cloudtrail validate-logs", runs);
                    rows.add(row(latency, "cairn validate-logs", cairnSeconds, logFiles, sizes));
                    rows.add(row(latency, "aws cloudtrail validate-logs (" + awsVersion + ")", awsSeconds, logFiles, sizes));
                    rows.add(String.format("| %d ms | **cairn / aws** | **%.1f× faster** | | | |", latency, awsSeconds / cairnSeconds));
                }
            }
            System.out.println();
            System.out.println("| S3 latency | tool | time for the whole chain | log files/s | MB/s (compressed) | MB/s (uncompressed) |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            rows.forEach(System.out::println);
        }
        finally {
            proxy.close();
            TestingCairnServer.deleteRecursively(s3Directory);
            TestingCairnServer.deleteRecursively(work);
        }
    }

    /** s3proxy over the directory, as the tests start it, with the benchmark's bucket. */
    private static TestingS3Proxy startS3(Path directory)
    {
        TestingS3Proxy proxy = new TestingS3Proxy(directory, KEY, SECRET);
        try (S3Client client = S3Client.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))).httpClient(UrlConnectionHttpClient.create()).build()) {
            client.createBucket(request -> request.bucket(BUCKET));
        }
        return proxy;
    }

    /**
     * Writes the chain: hour by hour, the hour's log files (delivered evenly over it, events from the five minutes
     * before each delivery), then the hour's digest listing them, linked to and signed after the previous one as
     * delivery does it. Returns the log files' compressed and uncompressed bytes.
     */
    private static long[] writeChain(BucketStore buckets, Trail trail, SigningKey key, Instant start, int hours, int logFiles, int maxEvents, String account)
            throws IOException
    {
        SyntheticEvents synthetic = new SyntheticEvents(42, account);
        SplittableRandom random = new SplittableRandom(7);
        long compressed = 0;
        long uncompressed = 0;
        Optional<DigestLink> previous = Optional.empty();
        for (int hour = 0; hour < hours; hour++) {
            Instant from = start.plus(Duration.ofHours(hour));
            Instant to = from.plus(Duration.ofHours(1));
            int files = logFiles / hours + (hour < logFiles % hours ? 1 : 0);
            List<DeliveredLog> delivered = new ArrayList<>();
            for (int file = 0; file < files; file++) {
                Instant deliveredAt = from.plusMillis((file + 1) * 3_600_000L / (files + 1));
                int count = 1 + random.nextInt(maxEvents);
                List<byte[]> records = new ArrayList<>(count);
                Instant oldest = deliveredAt.minus(Duration.ofMinutes(5));
                Instant newest = oldest;
                for (int event = 0; event < count; event++) {
                    Instant time = oldest.plusMillis((long) event * 300_000 / count);
                    newest = time;
                    records.add(synthetic.next(REGION, time).json());
                }
                LogFiles.LogFile log = LogFiles.content(records);
                String logKey = LogFiles.key(trail, REGION, deliveredAt, "bench-" + hour + "-" + file);
                put(buckets, logKey, log.gzip(), Map.of());
                delivered.add(new DeliveredLog(BUCKET, logKey, log.sha256(), oldest.truncatedTo(ChronoUnit.SECONDS), newest.truncatedTo(ChronoUnit.SECONDS)));
                compressed += log.gzip().length;
                uncompressed += records.stream().mapToLong(record -> record.length + 1).sum() + 12;
            }
            String digestKey = DigestFiles.key(trail.s3KeyPrefix(), trail.accountId(), trail.name(), trail.homeRegion(), REGION, to);
            byte[] content = DigestFiles.content(account, from, to, BUCKET, digestKey, key.fingerprint(), previous, delivered);
            String hash = DigestFiles.sha256(content);
            String signature = key.sign(DigestFiles.stringToSign(to, BUCKET, digestKey, hash, previous.map(DigestLink::signature)));
            put(buckets, digestKey, gzip(content), Map.of("signature", signature, "signature-algorithm", SigningKey.ALGORITHM));
            previous = Optional.of(new DigestLink(BUCKET, digestKey, hash, signature));
        }
        return new long[] {compressed, uncompressed};
    }

    /**
     * Writes an object, again when a kept-alive connection turns out closed: s3proxy closes idle connections after a
     * second, and the JDK does not resend a PUT on its own.
     */
    private static void put(BucketStore buckets, String key, byte[] content, Map<String, String> metadata)
            throws IOException
    {
        BucketStore.ObjectAttributes attributes = new BucketStore.ObjectAttributes("application/json", Optional.empty(), metadata);
        for (int attempt = 1; ; attempt++) {
            try {
                buckets.put(BUCKET, key, content, attributes);
                return;
            }
            catch (IOException | java.io.UncheckedIOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static byte[] gzip(byte[] content)
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static String row(int latency, String tool, double seconds, long logs, long[] sizes)
    {
        return String.format("| %d ms | %s | %.2f s | %,.0f | %.1f | %.1f |", latency, tool, seconds, logs / seconds, sizes[0] / 1e6 / seconds,
                sizes[1] / 1e6 / seconds);
    }

    /** The fastest of {@code runs} runs; each must report everything valid. */
    private static double best(List<String> command, Map<String, String> environment, Path work, String name, int runs)
            throws IOException, InterruptedException
    {
        double best = Double.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            long started = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("out.txt").toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish in 30 minutes");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            String output = Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || output.contains("INVALID")) {
                throw new IllegalStateException(name + " exited " + process.exitValue() + ":\n" + output);
            }
            String summary = output.lines().filter(line -> line.contains("files valid")).reduce((a, b) -> a + "; " + b).orElse("?");
            System.out.printf("%s: %.2f s (%s)%n", name, seconds, summary);
            best = Math.min(best, seconds);
        }
        return best;
    }

    private static String version(String aws, Path work)
            throws IOException, InterruptedException
    {
        ProcessBuilder builder = new ProcessBuilder(aws, "--version").directory(work.toFile()).redirectErrorStream(true);
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return text.split(" ")[0];
    }
}
