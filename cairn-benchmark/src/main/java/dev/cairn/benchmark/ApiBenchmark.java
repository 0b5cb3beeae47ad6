package dev.cairn.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.store.sqlite.SqliteStore;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recorded API calls end to end, against Cairn in its own process: latency of one client and of 8 concurrent
 * clients, throughput of signed DescribeTrails calls over 16 connections side by side with moto_server, and the time
 * from a call to its event being searchable. Finally checks that the journal holds an event for every call.
 *
 * <p>With {@code --overload}, it measures instead what the bound on the journal's queue does when more clients call
 * than the journal keeps up with: {@value #OVERLOAD_CONNECTIONS} connections calling back to back, against Cairn
 * with the default {@code --max-queued-calls} and against one with the queue practically unbounded.
 *
 * <p>Usage: {@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.ApiBenchmark
 * [--jar cairn-cli/target/cairn.jar] [--seconds 20] [--no-moto] [--overload]}
 */
public final class ApiBenchmark
{
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int OVERLOAD_CONNECTIONS = 512;

    private ApiBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        Path jar = Path.of("cairn-cli/target/cairn.jar");
        Duration duration = Duration.ofSeconds(20);
        boolean moto = true;
        List<String> jvmOptions = new ArrayList<>();
        boolean onlyThroughput = false;
        boolean overload = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--no-moto" -> moto = false;
                case "--jvm" -> jvmOptions.add(args[++i]);
                case "--only-throughput" -> onlyThroughput = true;
                case "--overload" -> overload = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --jar FILE, --seconds N, --no-moto, --jvm OPTION, --only-throughput, --overload)");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it first with ./cairn --version");
        }
        Duration warmUp = Duration.ofSeconds(5);
        if (overload) {
            overload(jar, jvmOptions, warmUp, duration);
            return;
        }
        Path data = Files.createTempDirectory("cairn-benchmark-");
        System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        long sent = 0;
        List<String> report = new ArrayList<>();
        try (ServerProcess cairn = ServerProcess.cairn(jar, jvmOptions, data, List.of(), Map.of("CAIRN_ROOT_ACCESS_KEY_ID", KEY, "CAIRN_ROOT_SECRET_ACCESS_KEY", SECRET))) {
            URI endpoint = URI.create("http://127.0.0.1:" + cairn.port());
            byte[] describeTrails = SignedRequests.cloudTrail(endpoint, "DescribeTrails", "{}", KEY, SECRET, "us-east-1");
            byte[] getCallerIdentity = SignedRequests.query(endpoint, "sts", "Action=GetCallerIdentity&Version=2011-06-15", KEY, SECRET, "us-east-1");
            int describeStatus = statusOf(cairn.port(), describeTrails);

            if (onlyThroughput) {
                byte[] health = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + cairn.port() + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                for (String target : List.of("health", "describe")) {
                    long serverCpuBefore = cpuNanos(cairn.pid());
                    long clientCpuBefore = cpuNanos(ProcessHandle.current().pid());
                    LoadRun.Result result = target.equals("health")
                            ? LoadRun.run("127.0.0.1", cairn.port(), 16, warmUp, duration, c -> List.of(health), 200)
                            : LoadRun.run("127.0.0.1", cairn.port(), 16, warmUp, duration, c -> List.of(describeTrails), describeStatus);
                    double seconds = (warmUp.plus(duration)).toNanos() / 1e9;
                    System.out.printf("%s, 16 connections: %s; server CPU %.2f cores, benchmark CPU %.2f cores%n", target, result.summary(),
                            (cpuNanos(cairn.pid()) - serverCpuBefore) / 1e9 / seconds, (cpuNanos(ProcessHandle.current().pid()) - clientCpuBefore) / 1e9 / seconds);
                }
                return;
            }
            LoadRun.Result sequential = LoadRun.run("127.0.0.1", cairn.port(), 1, warmUp, duration, c -> List.of(describeTrails), describeStatus);
            report.add("| recorded DescribeTrails, 1 client | " + row(sequential) + catchUp(cairn.port()));
            LoadRun.Result sequentialSts = LoadRun.run("127.0.0.1", cairn.port(), 1, warmUp, duration, c -> List.of(getCallerIdentity), 200);
            report.add("| recorded GetCallerIdentity (Query/XML), 1 client | " + row(sequentialSts) + catchUp(cairn.port()));
            LoadRun.Result eight = LoadRun.run("127.0.0.1", cairn.port(), 8, warmUp, duration, c -> List.of(describeTrails), describeStatus);
            report.add("| recorded DescribeTrails, 8 concurrent clients | " + row(eight) + catchUp(cairn.port()));
            LoadRun.Result sixteen = LoadRun.run("127.0.0.1", cairn.port(), 16, warmUp, duration, c -> List.of(describeTrails), describeStatus);
            report.add("| recorded DescribeTrails, 16 connections (Cairn) | " + row(sixteen) + catchUp(cairn.port()));
            sent = sequential.requests() + sequentialSts.requests() + eight.requests() + sixteen.requests();

            Histogram idle = timeToSearchable(cairn.port(), endpoint, 300);
            report.add(String.format("| call to searchable in LookupEvents, otherwise idle (300 calls) | | %.1f ms | %.1f ms (max %.1f ms) | |",
                    idle.getValueAtPercentile(50) / 1e6, idle.getValueAtPercentile(99) / 1e6, idle.getMaxValue() / 1e6));
            for (int background : new int[] {2, 4}) {
                BackgroundLoad load = BackgroundLoad.start(cairn.port(), background, describeTrails);
                Histogram busy = timeToSearchable(cairn.port(), endpoint, 300);
                LoadRun.Result during = load.stop();
                report.add(String.format("| call to searchable in LookupEvents, under %d clients of load (%,.0f calls/s) | | %.1f ms | %.1f ms (max %.1f ms) | |",
                        background, during.throughput(), busy.getValueAtPercentile(50) / 1e6, busy.getValueAtPercentile(99) / 1e6, busy.getMaxValue() / 1e6));
                catchUp(cairn.port());
            }

            if (moto) {
                int motoPort;
                try (ServerSocket socket = new ServerSocket(0)) {
                    motoPort = socket.getLocalPort();
                }
                try (ServerProcess motoServer = ServerProcess.moto(motoPort)) {
                    URI motoEndpoint = URI.create("http://127.0.0.1:" + motoPort);
                    byte[] motoDescribe = SignedRequests.cloudTrail(motoEndpoint, "DescribeTrails", "{}", KEY, SECRET, "us-east-1");
                    LoadRun.Result motoResult = LoadRun.run("127.0.0.1", motoPort, 16, warmUp, duration, c -> List.of(motoDescribe), 200);
                    report.add("| DescribeTrails, 16 connections (moto_server) | " + row(motoResult) + " |");
                    report.add(String.format("| **Cairn / moto_server throughput** | **%.1f×** | | | |", sixteen.throughput() / motoResult.throughput()));
                }
            }
        }
        // every acknowledged call has its event in the journal
        try (SqliteStore store = SqliteStore.open(data)) {
            long recorded = store.journal().lastPosition();
            report.add(String.format("| events in the journal after the run / calls answered in the measured phases | %,d / %,d (plus warm-ups) | | | |", recorded, sent));
            if (recorded < sent) {
                throw new IllegalStateException("journal has " + recorded + " events but " + sent + " calls were answered");
            }
        }
        System.out.println();
        System.out.println("| measurement | result | p50 | p99 | history indexer behind at the end, catch-up time |");
        System.out.println("| --- | --- | --- | --- | --- |");
        report.forEach(System.out::println);
    }

    /**
     * {@value #OVERLOAD_CONNECTIONS} connections calling DescribeTrails back to back: with the default bound on the
     * journal's queue, and with it practically unbounded. Reports each one's answered calls and throttled calls
     * (ThrottlingException, 400), and their latencies.
     */
    private static void overload(Path jar, List<String> jvmOptions, Duration warmUp, Duration duration)
            throws Exception
    {
        System.out.println("| --max-queued-calls | answered 200/s | p50 | p99 | max | throttled 400/s | throttled p50 | throttled p99 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (String bound : List.of(Integer.toString(dev.cairn.core.journal.JournalConfig.DEFAULT_MAXIMUM_QUEUED_CALLS), "1000000")) {
            Path data = Files.createTempDirectory("cairn-benchmark-");
            try (ServerProcess cairn = ServerProcess.cairn(jar, jvmOptions, data, List.of("--max-queued-calls", bound),
                    Map.of("CAIRN_ROOT_ACCESS_KEY_ID", KEY, "CAIRN_ROOT_SECRET_ACCESS_KEY", SECRET))) {
                URI endpoint = URI.create("http://127.0.0.1:" + cairn.port());
                byte[] describeTrails = SignedRequests.cloudTrail(endpoint, "DescribeTrails", "{}", KEY, SECRET, "us-east-1");
                Map<Integer, Histogram> byStatus = LoadRun.byStatus("127.0.0.1", cairn.port(), OVERLOAD_CONNECTIONS, warmUp, duration, describeTrails);
                Histogram ok = byStatus.getOrDefault(200, new Histogram(3));
                Histogram throttled = byStatus.getOrDefault(400, new Histogram(3));
                double seconds = duration.toNanos() / 1e9;
                System.out.printf("| %s | %,.0f | %.1f ms | %.1f ms | %.1f ms | %,.0f | %.1f ms | %.1f ms |%n", bound, ok.getTotalCount() / seconds,
                        ok.getValueAtPercentile(50) / 1e6, ok.getValueAtPercentile(99) / 1e6, ok.getMaxValue() / 1e6, throttled.getTotalCount() / seconds,
                        throttled.getValueAtPercentile(50) / 1e6, throttled.getValueAtPercentile(99) / 1e6);
                byStatus.keySet().stream().filter(status -> status != 200 && status != 400)
                        .forEach(status -> System.out.printf("  (also %,d answers with status %d)%n", byStatus.get(status).getTotalCount(), status));
            }
        }
    }

    /** CPU time of a process (user + system) from /proc, in nanoseconds. */
    static long cpuNanos(long pid)
    {
        try {
            String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L;
        }
        catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** How far the history indexer was behind when the phase ended, and how long it took to catch up. */
    private static String catchUp(int port)
            throws IOException, InterruptedException
    {
        long behind = lag(port);
        long started = System.nanoTime();
        long current = behind;
        while (current > 0) {
            if (System.nanoTime() - started > 300_000_000_000L) {
                throw new IllegalStateException("history indexer still " + current + " events behind after 5 minutes");
            }
            Thread.sleep(10);
            current = lag(port);
        }
        return String.format(" %,d events, %.2f s |", behind, (System.nanoTime() - started) / 1e9);
    }

    static long lag(int port)
            throws IOException
    {
        byte[] request = ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            for (String line : connection.send(request).text().split("\n")) {
                if (line.startsWith("cairn_consumer_lag{consumer=\"history\"}")) {
                    return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1).trim());
                }
            }
        }
        throw new IllegalStateException("no history lag in /metrics");
    }

    /** Load in the background while something else is measured. */
    private static final class BackgroundLoad
    {
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicReference<LoadRun.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();

        private BackgroundLoad(int port, int connections, byte[] request)
        {
            thread = new Thread(() -> {
                try {
                    result.set(LoadRun.runUntil("127.0.0.1", port, connections, c -> List.of(request), stop));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "background-load");
        }

        static BackgroundLoad start(int port, int connections, byte[] request)
                throws InterruptedException
        {
            BackgroundLoad load = new BackgroundLoad(port, connections, request);
            load.thread.start();
            Thread.sleep(3_000);
            return load;
        }

        LoadRun.Result stop()
                throws InterruptedException
        {
            stop.set(true);
            thread.join();
            return result.get();
        }
    }

    private static String row(LoadRun.Result result)
    {
        return String.format("%,.0f calls/s (%,d calls, %d errors) | %.2f ms | %.2f ms |", result.throughput(), result.requests(), result.errors(),
                result.percentileMillis(50), result.percentileMillis(99));
    }

    private static int statusOf(int port, byte[] request)
            throws IOException
    {
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            HttpConnection.Response response = connection.send(request);
            System.out.println("DescribeTrails answers " + response.status() + ": " + response.text());
            return response.status();
        }
    }

    /**
     * Calls GetCallerIdentity, then polls LookupEvents back to back until the call's event shows up.
     */
    private static Histogram timeToSearchable(int port, URI endpoint, int samples)
            throws IOException
    {
        byte[] call = SignedRequests.query(endpoint, "sts", "Action=GetCallerIdentity&Version=2011-06-15", KEY, SECRET, "us-east-1");
        byte[] lookup = SignedRequests.cloudTrail(endpoint, "LookupEvents",
                "{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"GetCallerIdentity\"}],\"MaxResults\":5}", KEY, SECRET, "us-east-1");
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        try (HttpConnection caller = new HttpConnection("127.0.0.1", port); HttpConnection poller = new HttpConnection("127.0.0.1", port)) {
            for (int i = 0; i < samples; i++) {
                HttpConnection.Response response = caller.send(call);
                long answered = System.nanoTime();
                String requestId = response.requestId();
                while (true) {
                    JsonNode events = JSON.readTree(poller.send(lookup).body()).path("Events");
                    boolean found = false;
                    for (JsonNode event : events) {
                        if (JSON.readTree(event.path("CloudTrailEvent").asText()).path("requestID").asText().equals(requestId)) {
                            found = true;
                            break;
                        }
                    }
                    if (found) {
                        histogram.recordValue(System.nanoTime() - answered);
                        break;
                    }
                    if (System.nanoTime() - answered > 30_000_000_000L) {
                        throw new IllegalStateException("event of " + requestId + " (call answered " + response.status() + ") not searchable after 30 s; history lag "
                                + lag(port) + "; newest matches: " + events.toString().substring(0, Math.min(600, events.toString().length())));
                    }
                }
            }
        }
        return histogram;
    }
}
