package dev.cairn.benchmark;

import dev.cairn.server.s3.UpstreamS3;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.target.s3.TestingS3Proxy;
import dev.cairn.testing.TestingCairnServer;
import org.HdrHistogram.Histogram;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The S3 gateway (issue 14) against the same upstream called directly, side by side in one run: latency of small
 * GETs and PUTs on one connection, recorded calls per second on 16 connections, and the throughput of large (64 MiB) PUTs
 * and GETs. Cairn runs in its own process with {@code --s3-gateway-upstream}; the upstream runs in the benchmark's
 * process: s3proxy over a directory (a real store, whose own cost is most of a call), then {@link NoopS3Server} (a
 * store that keeps nothing, so that what the gateway adds shows).
 *
 * <p>Requests are raw HTTP/1.1 written to keep-alive sockets, signed once by the AWS SDK's SigV4 signer and replayed
 * ({@link SignedRequests}), so the client costs the same on both sides and next to nothing: direct calls are signed
 * with the upstream's key, gateway calls with a Cairn IAM user's key (an identity policy allows them). Small PUTs sign
 * their body's SHA-256; large bodies are streamed from a 1 MiB block in memory with {@code UNSIGNED-PAYLOAD} (the
 * gateway forwards every body that way). Every gateway call is recorded: answered only once its data event is durable.
 * Before measuring, a minute of load through the gateway ({@code --warm-up}) lets the JIT compile its path; each
 * measurement then has 5 s of warm-up of its own.
 *
 * <p>Usage: {@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.GatewayBenchmark
 * [--jar cairn-cli/target/cairn.jar] [--seconds 10] [--warm-up 60] [--transfers 5] [--large-mib 64] [--upstreams s3proxy,noop]
 * [--phases latency,connections,large] [--jvm OPTION]}
 */
public final class GatewayBenchmark
{
    private static final String ROOT_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String ROOT_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String UPSTREAM_KEY = "upstream-key";
    private static final String UPSTREAM_SECRET = "upstream-secret";
    private static final String REGION = "us-east-1";
    private static final String BUCKET = "cairn-bench";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":[\"s3:CreateBucket\",\"s3:ListBucket\"],\"Resource\":\"arn:aws:s3:::" + BUCKET + "\"},"
            + "{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::" + BUCKET + "/*\"}]}";
    private static final int SMALL_OBJECT = 1024;
    private static final int BLOCK = 1024 * 1024;
    private static final int CONNECTIONS = 16;

    private GatewayBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        Path jar = Path.of("cairn-cli/target/cairn.jar");
        Duration duration = Duration.ofSeconds(10);
        Duration gatewayWarmUp = Duration.ofSeconds(60);
        int transfers = 5;
        int largeMebibytes = 64;
        List<String> upstreams = List.of("s3proxy", "noop");
        List<String> phases = List.of("latency", "connections", "large");
        List<String> jvmOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--warm-up" -> gatewayWarmUp = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--transfers" -> transfers = Integer.parseInt(args[++i]);
                case "--large-mib" -> largeMebibytes = Integer.parseInt(args[++i]);
                case "--upstreams" -> upstreams = List.of(args[++i].split(","));
                case "--phases" -> phases = List.of(args[++i].split(","));
                case "--jvm" -> jvmOptions.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --jar FILE, --seconds N, --warm-up N, --transfers N, --large-mib N, --upstreams s3proxy,noop, --phases latency,connections,large, --jvm OPTION)");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it first with ./cairn --version");
        }
        System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        SplittableRandom random = new SplittableRandom(14);
        byte[] small = new byte[SMALL_OBJECT];
        random.nextBytes(small);
        byte[] block = new byte[BLOCK];
        random.nextBytes(block);
        List<String> report = new ArrayList<>();
        for (String kind : upstreams) {
            try (Upstream upstream = Upstream.start(kind, block)) {
                report.addAll(measure(jar, jvmOptions, upstream, phases, gatewayWarmUp, duration, transfers, largeMebibytes, small, block));
            }
        }
        System.out.println();
        System.out.println("| upstream | measurement | direct to the upstream | through the gateway | gateway − direct | target |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        report.forEach(System.out::println);
    }

    private static List<String> measure(Path jar, List<String> jvmOptions, Upstream upstream, List<String> phases, Duration gatewayWarmUp, Duration duration, int transfers,
            int largeMebibytes, byte[] small, byte[] block)
            throws Exception
    {
        Duration warmUp = Duration.ofSeconds(5);
        Path data = Files.createTempDirectory("cairn-benchmark-");
        int gatewayPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            gatewayPort = socket.getLocalPort();
        }
        List<String> rows = new ArrayList<>();
        long gatewayCalls = 0;
        System.out.printf("%nupstream: %s at %s%n", upstream.name(), upstream.endpoint());
        try (ServerProcess cairn = ServerProcess.cairn(jar, jvmOptions, data,
                List.of("--s3-gateway-upstream", upstream.endpoint().toString(), "--s3-gateway-port", Integer.toString(gatewayPort), "--s3-gateway-access-key-id", UPSTREAM_KEY),
                Map.of("CAIRN_ROOT_ACCESS_KEY_ID", ROOT_KEY, "CAIRN_ROOT_SECRET_ACCESS_KEY", ROOT_SECRET, "CAIRN_S3_GATEWAY_SECRET_ACCESS_KEY", UPSTREAM_SECRET))) {
            URI api = URI.create("http://127.0.0.1:" + cairn.port());
            AwsCredentialsIdentity user = user(api);
            Side direct = new Side(upstream.endpoint(), AwsCredentialsIdentity.create(UPSTREAM_KEY, UPSTREAM_SECRET));
            Side gateway = new Side(URI.create("http://127.0.0.1:" + gatewayPort), user);
            expect(gateway, gateway.put("/" + BUCKET, new byte[0]), "CreateBucket through the gateway");
            for (int c = 0; c < CONNECTIONS; c++) {
                expect(gateway, gateway.put(smallKey(c), small), "PutObject through the gateway");
            }
            gatewayCalls += 1 + CONNECTIONS;
            gatewayCalls += warmUp(cairn, gateway, gatewayWarmUp, small, block);
            Measured measured = new Measured(upstream.name(), cairn, warmUp, duration, rows);
            if (phases.contains("latency")) {
                gatewayCalls += latency(measured, direct, gateway, small);
                // what a durable record costs on this machine, without S3: the same user's recorded call to Cairn's API
                byte[] getCallerIdentity = SignedRequests.query(api, "sts", "Action=GetCallerIdentity&Version=2011-06-15", user, REGION);
                LoadRun.Result reference = LoadRun.run("127.0.0.1", cairn.port(), 1, warmUp, duration, c -> List.of(getCallerIdentity), 200);
                System.out.printf("for reference, GetCallerIdentity on Cairn's API: %s%n", reference.summary());
                rows.add(String.format("| %s | for reference: a recorded call to Cairn's API (GetCallerIdentity), 1 connection: p50 / p99 | | %.2f / %.2f ms (%,.0f calls/s%s) | | |",
                        upstream.name(), reference.percentileMillis(50), reference.percentileMillis(99), reference.throughput(), errors(reference)));
                // what the gateway's own client costs on this machine: the direct GET, sent as the gateway sends it
                LoadRun.Result upstreamClientRun = upstreamClient(direct, warmUp, duration);
                System.out.printf("for reference, GET 1 KiB direct with the gateway's upstream client (Apache HttpClient 5): %s%n", upstreamClientRun.summary());
                rows.add(String.format("| %s | for reference: GET 1 KiB with the gateway's upstream client (Apache HttpClient 5), 1 connection: p50 / p99 | %.2f / %.2f ms "
                                + "(%,.0f calls/s%s) | | | |",
                        upstream.name(), upstreamClientRun.percentileMillis(50), upstreamClientRun.percentileMillis(99), upstreamClientRun.throughput(), errors(upstreamClientRun)));
            }
            if (phases.contains("connections")) {
                gatewayCalls += connections(measured, direct, gateway, small);
            }
            if (phases.contains("large")) {
                gatewayCalls += large(measured, direct, gateway, transfers, largeMebibytes, block);
            }
        }
        // every call the gateway answered has its event in the journal
        try (SqliteStore store = SqliteStore.open(data)) {
            long recorded = store.journal().lastPosition();
            System.out.printf("events in the journal: %,d; calls answered by the gateway in the measured phases and setup: %,d%n", recorded, gatewayCalls);
            if (recorded < gatewayCalls) {
                throw new IllegalStateException("journal has " + recorded + " events but the gateway answered " + gatewayCalls + " calls");
            }
        }
        return rows;
    }

    /**
     * Load through the gateway (small GETs and PUTs on {@value #CONNECTIONS} connections, then two large PUTs and GETs)
     * until the JIT has compiled its path: on two cores Cairn's compiler threads take about a minute of such load to
     * settle, during which they use most of a core. This warms the upstream and the benchmark's client as well.
     * Returns the gateway calls answered.
     */
    private static long warmUp(ServerProcess cairn, Side gateway, Duration warmUp, byte[] small, byte[] block)
            throws IOException, InterruptedException
    {
        long cairnCpu = ApiBenchmark.cpuNanos(cairn.pid());
        LoadRun.Result load = LoadRun.run("127.0.0.1", gateway.port(), CONNECTIONS, Duration.ZERO, warmUp,
                c -> List.of(gateway.small("GET", c, small), gateway.small("PUT", c, small)), 200);
        for (int i = 0; i < 2; i++) {
            gateway.transfer("PUT", "/" + BUCKET + "/large-gateway", block, 64);
            gateway.transfer("GET", "/" + BUCKET + "/large-gateway", block, 64);
        }
        System.out.printf("warm-up through the gateway: %s; Cairn used %.1f s of CPU%n", load.summary(), (ApiBenchmark.cpuNanos(cairn.pid()) - cairnCpu) / 1e9);
        return load.requests() + 4;
    }

    /** What the phases of one upstream share: the Cairn process, how long each load runs, the table's rows. */
    private record Measured(String upstream, ServerProcess cairn, Duration warmUp, Duration duration, List<String> rows)
    {
    }

    /** Small GETs, then small PUTs, one connection: direct, then through the gateway. Returns the gateway calls measured. */
    private static long latency(Measured measured, Side direct, Side gateway, byte[] small)
            throws InterruptedException
    {
        long gatewayCalls = 0;
        for (String method : List.of("GET", "PUT")) {
            LoadRun.Result directRun = LoadRun.run("127.0.0.1", direct.port(), 1, measured.warmUp(), measured.duration(), c -> List.of(direct.small(method, 0, small)), 200);
            LoadRun.Result gatewayRun = LoadRun.run("127.0.0.1", gateway.port(), 1, measured.warmUp(), measured.duration(), c -> List.of(gateway.small(method, 0, small)), 200);
            System.out.printf("%s 1 KiB, 1 connection: direct  %s%n                          gateway %s%n", method, directRun.summary(), gatewayRun.summary());
            gatewayCalls += gatewayRun.requests();
            double addedP50 = gatewayRun.percentileMillis(50) - directRun.percentileMillis(50);
            double addedP99 = gatewayRun.percentileMillis(99) - directRun.percentileMillis(99);
            measured.rows().add(String.format("| %s | %s 1 KiB, 1 connection: p50 / p99 | %.2f / %.2f ms (%,.0f calls/s%s) | %.2f / %.2f ms (%,.0f calls/s%s) | **%+.2f / %+.2f ms** | "
                            + "p50 < +1 ms: %s; p99 < +5 ms: %s |",
                    measured.upstream(), method, directRun.percentileMillis(50), directRun.percentileMillis(99), directRun.throughput(), errors(directRun),
                    gatewayRun.percentileMillis(50), gatewayRun.percentileMillis(99), gatewayRun.throughput(), errors(gatewayRun), addedP50, addedP99,
                    addedP50 < 1 ? "met" : "**missed**", addedP99 < 5 ? "met" : "**missed**"));
        }
        return gatewayCalls;
    }

    /** GETs of a small object, back to back, with the HTTP client the gateway calls its upstream with ({@link UpstreamS3#httpClient}). */
    private static LoadRun.Result upstreamClient(Side side, Duration warmUp, Duration duration)
            throws IOException
    {
        String[] head = new String(side.small("GET", 0, new byte[0]), StandardCharsets.US_ASCII).split("\r\n");
        BasicClassicHttpRequest get = new BasicClassicHttpRequest("GET", HttpHost.create(side.endpoint()), head[0].split(" ")[1]);
        for (int i = 1; i < head.length; i++) {
            String name = head[i].substring(0, head[i].indexOf(':'));
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                get.addHeader(name, head[i].substring(name.length() + 1).trim());
            }
        }
        Histogram latencies = new Histogram(60_000_000_000L, 3);
        long requests = 0;
        long errors = 0;
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        try (CloseableHttpClient client = UpstreamS3.httpClient()) {
            while (true) {
                long sent = System.nanoTime();
                if (sent >= end) {
                    break;
                }
                int status = client.execute(get, response -> {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                });
                long received = System.nanoTime();
                if (sent >= measureFrom) {
                    latencies.recordValue(received - sent);
                    requests++;
                    errors += status == 200 ? 0 : 1;
                }
            }
        }
        return new LoadRun.Result(requests, errors, duration, latencies);
    }

    /** {@value #CONNECTIONS} connections, each alternating a GET and a PUT of its own small object. Returns the gateway calls measured. */
    private static long connections(Measured measured, Side direct, Side gateway, byte[] small)
            throws InterruptedException
    {
        LoadRun.Result directRun = LoadRun.run("127.0.0.1", direct.port(), CONNECTIONS, measured.warmUp(), measured.duration(),
                c -> List.of(direct.small("GET", c, small), direct.small("PUT", c, small)), 200);
        long cairnCpu = ApiBenchmark.cpuNanos(measured.cairn().pid());
        LoadRun.Result gatewayRun = LoadRun.run("127.0.0.1", gateway.port(), CONNECTIONS, measured.warmUp(), measured.duration(),
                c -> List.of(gateway.small("GET", c, small), gateway.small("PUT", c, small)), 200);
        double cairnCores = (ApiBenchmark.cpuNanos(measured.cairn().pid()) - cairnCpu) / 1e9 / (measured.warmUp().plus(measured.duration()).toNanos() / 1e9);
        System.out.printf("GET and PUT 1 KiB, %d connections: direct  %s%n                                   gateway %s; Cairn used %.2f cores%n", CONNECTIONS,
                directRun.summary(), gatewayRun.summary(), cairnCores);
        measured.rows().add(String.format("| %s | GET and PUT 1 KiB, %d connections: calls/s (p50 / p99) | %,.0f calls/s (%.2f / %.2f ms%s) | "
                        + "%,.0f recorded calls/s (%.2f / %.2f ms%s; Cairn used %.2f cores) | %.0f %% of direct | |",
                measured.upstream(), CONNECTIONS, directRun.throughput(), directRun.percentileMillis(50), directRun.percentileMillis(99), errors(directRun),
                gatewayRun.throughput(), gatewayRun.percentileMillis(50), gatewayRun.percentileMillis(99), errors(gatewayRun), cairnCores,
                gatewayRun.throughput() / directRun.throughput() * 100));
        return gatewayRun.requests();
    }

    /**
     * Large PUTs ({@code --large-mib}, 64 MiB by default, of 1 MiB blocks), then GETs of what they put: direct and
     * through the gateway alternately, so that the machine's drift falls on both; the first round warms up. Returns
     * the gateway calls measured.
     */
    private static long large(Measured measured, Side direct, Side gateway, int transfers, int blocks, byte[] block)
            throws IOException
    {
        for (String method : List.of("PUT", "GET")) {
            Transfers directRuns = new Transfers(blocks);
            Transfers gatewayRuns = new Transfers(blocks);
            for (int round = 0; round <= transfers; round++) {
                directRuns.add(round > 0, direct.transfer(method, "/" + BUCKET + "/large-direct", block, blocks));
                long cairnCpu = ApiBenchmark.cpuNanos(measured.cairn().pid());
                gatewayRuns.add(round > 0, gateway.transfer(method, "/" + BUCKET + "/large-gateway", block, blocks));
                gatewayRuns.cpuNanos += round > 0 ? ApiBenchmark.cpuNanos(measured.cairn().pid()) - cairnCpu : 0;
            }
            System.out.printf("%s %,d MiB: direct  %s%n            gateway %s; Cairn CPU %.2f s per transfer%n", method, blocks, directRuns, gatewayRuns,
                    gatewayRuns.cpuNanos / 1e9 / transfers);
            double share = gatewayRuns.mebibytesPerSecond() / directRuns.mebibytesPerSecond() * 100;
            measured.rows().add(String.format("| %s | %s %,d MiB (%d transfers each): MiB/s (slowest – fastest) | %,.0f MiB/s (%,.0f – %,.0f) | "
                            + "%,.0f MiB/s (%,.0f – %,.0f; Cairn CPU %.2f s a transfer) | **%.0f %% of direct** | ≥ 90 %%: %s |",
                    measured.upstream(), method, blocks, transfers, directRuns.mebibytesPerSecond(), directRuns.slowest(), directRuns.fastest(),
                    gatewayRuns.mebibytesPerSecond(), gatewayRuns.slowest(), gatewayRuns.fastest(), gatewayRuns.cpuNanos / 1e9 / transfers,
                    share, share >= 90 ? "met" : "**missed**"));
        }
        return 2L * transfers + 2;
    }

    /** A Cairn IAM user whose policy allows the benchmark's calls, and its access key. */
    private static AwsCredentialsIdentity user(URI cairn)
    {
        try (IamClient iam = IamClient.builder().endpointOverride(cairn).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET))).httpClient(UrlConnectionHttpClient.create()).build()) {
            iam.createUser(request -> request.userName("bench"));
            iam.putUserPolicy(request -> request.userName("bench").policyName("bench-objects").policyDocument(POLICY));
            AccessKey key = iam.createAccessKey(request -> request.userName("bench")).accessKey();
            return AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey());
        }
    }

    private static String smallKey(int connection)
    {
        return "/" + BUCKET + "/small-" + connection;
    }

    private static String errors(LoadRun.Result result)
    {
        return result.errors() == 0 ? "" : String.format(", %,d errors", result.errors());
    }

    private static void expect(Side side, byte[] request, String what)
            throws IOException
    {
        try (HttpConnection connection = new HttpConnection("127.0.0.1", side.port())) {
            HttpConnection.Response response = connection.send(request);
            if (response.status() != 200) {
                throw new IllegalStateException(what + " answered " + response.status() + ": " + response.text());
            }
        }
    }

    /** Where requests go, and the key that signs them: the upstream itself, or the gateway in front of it. */
    private record Side(URI endpoint, AwsCredentialsIdentity credentials)
    {
        int port()
        {
            return endpoint.getPort();
        }

        byte[] put(String path, byte[] body)
        {
            return SignedRequests.s3(endpoint, "PUT", path, body, credentials, REGION);
        }

        /** A GET or a PUT of a connection's small object. */
        byte[] small(String method, int connection, byte[] body)
        {
            return SignedRequests.s3(endpoint, method, smallKey(connection), method.equals("PUT") ? body : new byte[0], credentials, REGION);
        }

        /** Uploads or downloads this many blocks on a new connection; the time from the first byte sent to the last byte received. */
        long transfer(String method, String path, byte[] block, int blocks)
                throws IOException
        {
            long length = (long) blocks * block.length;
            boolean put = method.equals("PUT");
            byte[] head = SignedRequests.s3UnsignedPayload(endpoint, method, path, put ? length : 0, credentials, REGION);
            try (HttpConnection connection = new HttpConnection("127.0.0.1", port())) {
                long started = System.nanoTime();
                HttpConnection.Transfer answer = connection.transfer(head, block, put ? blocks : 0);
                long elapsed = System.nanoTime() - started;
                if (answer.status() != 200 || (!put && answer.bodyBytes() != length)) {
                    throw new IllegalStateException(method + " " + path + " at " + endpoint + " answered " + answer.status() + " with " + answer.bodyBytes() + " bytes");
                }
                return elapsed;
            }
        }
    }

    /** The measured large transfers of one side. */
    private static final class Transfers
    {
        private final int blocks;
        private final List<Long> nanos = new ArrayList<>();
        long cpuNanos;

        Transfers(int blocks)
        {
            this.blocks = blocks;
        }

        void add(boolean measured, long elapsed)
        {
            if (measured) {
                nanos.add(elapsed);
            }
        }

        /** All the bytes over all the time. */
        double mebibytesPerSecond()
        {
            return (double) nanos.size() * blocks / (nanos.stream().mapToLong(Long::longValue).sum() / 1e9);
        }

        double slowest()
        {
            return blocks / (nanos.stream().mapToLong(Long::longValue).max().orElseThrow() / 1e9);
        }

        double fastest()
        {
            return blocks / (nanos.stream().mapToLong(Long::longValue).min().orElseThrow() / 1e9);
        }

        @Override
        public String toString()
        {
            return String.format("%,.0f MiB/s over %d transfers (%,.0f – %,.0f)", mebibytesPerSecond(), nanos.size(), slowest(), fastest());
        }
    }

    /** The S3 server behind the gateway, in this process. */
    private record Upstream(String name, URI endpoint, Closeable server)
            implements Closeable
    {
        static Upstream start(String kind, byte[] block)
                throws Exception
        {
            return switch (kind) {
                case "s3proxy" -> s3proxy();
                case "noop" -> {
                    NoopS3Server server = new NoopS3Server(block);
                    yield new Upstream("no-op S3 server", server.endpoint(), server);
                }
                default -> throw new IllegalArgumentException("unknown upstream " + kind + " (known: s3proxy, noop)");
            };
        }

        /** s3proxy over a new directory, checking SigV4 signatures with the upstream key. */
        private static Upstream s3proxy()
                throws IOException
        {
            Path directory = Files.createTempDirectory("cairn-benchmark-s3-");
            TestingS3Proxy proxy = new TestingS3Proxy(directory, UPSTREAM_KEY, UPSTREAM_SECRET);
            return new Upstream("s3proxy", proxy.endpoint(), () -> {
                proxy.close();
                TestingCairnServer.deleteRecursively(directory);
            });
        }

        @Override
        public void close()
                throws IOException
        {
            server.close();
        }
    }
}
