package dev.cairn.benchmark;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code cairn validate-logs} against {@code aws cloudtrail validate-logs} on the same bucket, side by side: a Cairn
 * process delivers a trail with log file validation (files every second, digests every 10 s) into moto_server's S3
 * while clients load it, then logging stops and both tools validate the whole chain, each as a fresh process (JVM
 * and Python start-up included), each run twice (the better run counts).
 *
 * <p>{@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.ValidateBenchmark [--jar cairn-cli/target/cairn.jar]
 * [--seconds 60] [--aws aws]}
 */
public final class ValidateBenchmark
{
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String BUCKET = "validated-logs";

    private ValidateBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        Path jar = Path.of("cairn-cli/target/cairn.jar");
        Duration load = Duration.ofSeconds(60);
        String aws = "aws";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--seconds" -> load = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--aws" -> aws = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --jar FILE, --seconds N, --aws COMMAND)");
            }
        }
        System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        int motoPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            motoPort = socket.getLocalPort();
        }
        URI s3Endpoint = URI.create("http://127.0.0.1:" + motoPort);
        Path data = Files.createTempDirectory("cairn-validate-benchmark-");
        Path work = Files.createTempDirectory("cairn-validate-benchmark-work-");
        try (ServerProcess moto = ServerProcess.moto(motoPort);
                S3Client s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            s3.createBucket(request -> request.bucket(BUCKET));
            try (ServerProcess cairn = ServerProcess.cairn(jar, List.of(), data, List.of("--delivery-interval", "1s", "--digest-interval", "10s",
                    "--s3-endpoint", s3Endpoint.toString(), "--s3-access-key-id", KEY),
                    Map.of("CAIRN_ROOT_ACCESS_KEY_ID", KEY, "CAIRN_ROOT_SECRET_ACCESS_KEY", SECRET, "CAIRN_S3_SECRET_ACCESS_KEY", SECRET))) {
                URI endpoint = URI.create("http://127.0.0.1:" + cairn.port());
                Instant start = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                String trail = call(cairn.port(), SignedRequests.cloudTrail(endpoint, "CreateTrail",
                        "{\"Name\":\"bench\",\"S3BucketName\":\"" + BUCKET + "\",\"EnableLogFileValidation\":true}", KEY, SECRET, "us-east-1"));
                String arn = trail.replaceAll("(?s).*\"TrailARN\":\"([^\"]+)\".*", "$1");
                call(cairn.port(), SignedRequests.cloudTrail(endpoint, "StartLogging", "{\"Name\":\"bench\"}", KEY, SECRET, "us-east-1"));
                byte[] request = SignedRequests.query(endpoint, "sts", "Action=GetCallerIdentity&Version=2011-06-15", KEY, SECRET, "us-east-1");
                AtomicBoolean stop = new AtomicBoolean();
                Thread loader = new Thread(() -> {
                    try {
                        LoadRun.runUntil("127.0.0.1", cairn.port(), 2, c -> List.of(request), stop);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                loader.start();
                Thread.sleep(load.toMillis());
                stop.set(true);
                loader.join();
                call(cairn.port(), SignedRequests.cloudTrail(endpoint, "StopLogging", "{\"Name\":\"bench\"}", KEY, SECRET, "us-east-1"));
                Thread.sleep(5_000);

                List<S3Object> objects = s3.listObjectsV2Paginator(listing -> listing.bucket(BUCKET)).contents().stream().toList();
                long logs = objects.stream().filter(object -> object.key().contains("/CloudTrail/")).count();
                long digests = objects.stream().filter(object -> object.key().contains("/CloudTrail-Digest/")).count();
                long bytes = objects.stream().mapToLong(S3Object::size).sum();
                System.out.printf("bucket: %d log files, %d digest files, %.1f MB compressed%n", logs, digests, bytes / 1e6);

                Map<String, String> environment = Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_DEFAULT_REGION", "us-east-1",
                        "AWS_ENDPOINT_URL_S3", s3Endpoint.toString(), "AWS_PAGER", "", "AWS_CONFIG_FILE", work.resolve("none").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE", work.resolve("none").toString());
                List<String> cairnCommand = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toAbsolutePath().toString(), "validate-logs",
                        "--endpoint-url", endpoint.toString(), "--trail-arn", arn, "--start-time", start.toString(), "--s3-endpoint", s3Endpoint.toString());
                List<String> awsCommand = List.of(aws, "--endpoint-url", endpoint.toString(), "cloudtrail", "validate-logs", "--trail-arn", arn,
                        "--start-time", start.toString());
                List<String> rows = new ArrayList<>();
                double cairnSeconds = best(cairnCommand, environment, work, "cairn validate-logs");
                double awsSeconds = best(awsCommand, environment, work, "aws cloudtrail validate-logs");
                rows.add(row("cairn validate-logs", cairnSeconds, logs, bytes));
                rows.add(row("aws cloudtrail validate-logs (" + version(aws, environment, work) + ")", awsSeconds, logs, bytes));
                System.out.println();
                System.out.println("| tool | time for the whole chain | log files/s | MB/s (compressed) |");
                System.out.println("| --- | --- | --- | --- |");
                rows.forEach(System.out::println);
                System.out.printf("| **cairn / aws** | **%.1f× faster** | | |%n", awsSeconds / cairnSeconds);
            }
        }
    }

    private static String row(String tool, double seconds, long logs, long bytes)
    {
        return String.format("| %s | %.2f s | %,.0f | %.1f |", tool, seconds, logs / seconds, bytes / 1e6 / seconds);
    }

    /** The faster of two runs; both must report everything valid. */
    private static double best(List<String> command, Map<String, String> environment, Path work, String name)
            throws IOException, InterruptedException
    {
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 2; run++) {
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

    private static String version(String aws, Map<String, String> environment, Path work)
            throws IOException, InterruptedException
    {
        ProcessBuilder builder = new ProcessBuilder(aws, "--version").directory(work.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return text.split(" ")[0];
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
}
