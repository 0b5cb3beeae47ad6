package dev.cairn.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.Json;
import dev.cairn.core.events.CloudTrailEvents;
import dev.cairn.core.events.EventPattern;
import dev.cairn.core.events.EventRules;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.LogEventCursor;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.StoredLogEvent;
import dev.cairn.testing.TestingCairnServer;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.iam.IamClient;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The destinations of issue 15, measured:
 * <ol>
 * <li>events matched per second through 1,000 rules (target: 30,000 a second on 2 cores): recorded events, as the
 * event bus consumer handles them (the record's bytes parsed, made the bus event, matched in one event-ruler
 * {@code Machine}), on one thread and on two;</li>
 * <li>call → log group and call → HTTP target latency (target: p99 under 1 s): a real Cairn with a trail delivering to
 * a log group and a rule posting CreateUser to an API destination on a local HTTP server; each call's time until its
 * record is in the log group (read from the store every 5 ms) and until the HTTP server has it.</li>
 * </ol>
 * {@code java -cp cairn-benchmark/target/cairn-benchmark.jar dev.cairn.benchmark.DestinationsBenchmark [events] [calls]}
 */
public final class DestinationsBenchmark
{
    private static final ObjectMapper JSON = Json.mapper();
    private static final String REGION = "us-east-1";

    private DestinationsBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        matching(events);
        latency(calls);
    }

    private static void matching(int count)
            throws Exception
    {
        EventRules rules = new EventRules();
        String[] services = {"iam", "sts", "cloudtrail", "ec2", "s3", "logs", "kms", "lambda"};
        for (int i = 0; i < 1_000; i++) {
            String pattern = switch (i % 5) {
                case 0 -> "{\"source\": [\"aws." + services[i % services.length] + "\"], \"detail\": {\"eventName\": [\"Operation" + i + "\"]}}";
                case 1 -> "{\"detail\": {\"userIdentity\": {\"userName\": [\"user-" + i + "\"]}, \"readOnly\": [false]}}";
                case 2 -> "{\"detail-type\": [\"AWS API Call via CloudTrail\"], \"detail\": {\"eventName\": [{\"prefix\": \"Put" + i + "\"}]}}";
                case 3 -> "{\"detail\": {\"errorCode\": [{\"exists\": true}], \"userIdentity\": {\"accessKeyId\": [\"AKIA" + String.format("%016d", i) + "\"]}}}";
                default -> "{\"source\": [\"aws." + services[i % services.length] + "\"], \"detail\": {\"sourceIPAddress\": [{\"cidr\": \"10." + (i % 250) + ".0.0/16\"}], "
                        + "\"eventName\": [{\"anything-but\": [\"GetCallerIdentity\"]}]}}";
            };
            rules.put("rule-" + i, EventPattern.parse(pattern));
        }
        SyntheticEvents generator = new SyntheticEvents(42, "111122223333");
        List<EventRecord> records = new ArrayList<>(count);
        Instant start = Instant.parse("2026-12-03T10:00:00Z");
        for (int i = 0; i < count; i++) {
            records.add(generator.next(REGION, start.plusMillis(i)));
        }
        System.out.printf("matching: %,d recorded events (about %,d bytes each) through %,d rules%n", count, records.get(0).json().length, rules.size());
        for (int threads : List.of(1, 2)) {
            // one warm-up pass, then the measured one
            for (int pass = 0; pass < 2; pass++) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long began = System.nanoTime();
                List<Future<Long>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int from = t * count / threads;
                    int to = (t + 1) * count / threads;
                    parts.add(pool.submit(() -> {
                        long matches = 0;
                        for (int i = from; i < to; i++) {
                            JsonNode record = JSON.readTree(records.get(i).json());
                            Optional<ObjectNode> event = CloudTrailEvents.event(record);
                            if (event.isPresent()) {
                                matches += rules.matchingRules(event.get()).size();
                            }
                        }
                        return matches;
                    }));
                }
                long matched = 0;
                for (Future<Long> part : parts) {
                    matched += part.get();
                }
                double seconds = (System.nanoTime() - began) / 1e9;
                pool.shutdown();
                if (pass == 1) {
                    System.out.printf("  %d thread(s): %,.0f events/s (%,d rule matches, %.2f s)%n", threads, count / seconds, matched, seconds);
                }
            }
        }
    }

    private static void latency(int calls)
            throws Exception
    {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Histogram toLogGroup = new Histogram(60_000_000L, 3);
        Histogram toHttp = new Histogram(60_000_000L, 3);
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            long now = System.nanoTime();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Long at = sent.get(body.path("detail").path("requestParameters").path("userName").asText());
            if (at != null) {
                synchronized (toHttp) {
                    toHttp.recordValue((now - at) / 1_000);
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.start();
        try (TestingCairnServer server = TestingCairnServer.start();
                CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION);
                IamClient iam = server.iam();
                CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(server.endpoint()).region(Region.of(REGION))
                        .credentialsProvider(TestingCairnServer.rootCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
                EventBridgeClient events = EventBridgeClient.builder().endpointOverride(server.endpoint()).region(Region.of(REGION))
                        .credentialsProvider(TestingCairnServer.rootCredentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            server.createBucketDirectory("trail-logs");
            logs.createLogGroup(request -> request.logGroupName("trail"));
            String group = "arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:trail";
            iam.createRole(request -> request.roleName("trail-to-logs").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
            iam.putRolePolicy(request -> request.roleName("trail-to-logs").policyName("deliver").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"" + group + ":*\"}]}"));
            cloudTrail.createTrail(request -> request.name("to-logs").s3BucketName("trail-logs").cloudWatchLogsLogGroupArn(group + ":*")
                    .cloudWatchLogsRoleArn("arn:aws:iam::" + server.accountId() + ":role/trail-to-logs"));
            cloudTrail.startLogging(request -> request.name("to-logs"));
            String connection = events.createConnection(request -> request.name("hook").authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(auth -> auth.apiKeyAuthParameters(key -> key.apiKeyName("x-api-key").apiKeyValue("secret")))).connectionArn();
            String destination = events.createApiDestination(request -> request.name("hook").connectionArn(connection)
                    .invocationEndpoint("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/").httpMethod(ApiDestinationHttpMethod.POST)).apiDestinationArn();
            events.putRule(request -> request.name("created-users").eventPattern("{\"source\": [\"aws.iam\"], \"detail\": {\"eventName\": [\"CreateUser\"]}}"));
            events.putTargets(request -> request.rule("created-users").targets(Target.builder().id("hook").arn(destination).build()));
            Thread.sleep(1_000);

            LogEvents store = server.server().cairn().store().logEvents();
            String key = server.accountId() + "/" + REGION + "/trail";
            String stream = server.accountId() + "_CloudTrail_" + REGION;
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                Optional<LogEventCursor> after = Optional.empty();
                while (polling.get()) {
                    try {
                        List<StoredLogEvent> found = store.read(key, stream, 0, Long.MAX_VALUE, true, after, 1_000);
                        long now = System.nanoTime();
                        for (StoredLogEvent event : found) {
                            after = Optional.of(event.cursor());
                            JsonNode record = JSON.readTree(event.message());
                            Long at = record.path("eventName").asText().equals("CreateUser") ? sent.get(record.path("requestParameters").path("userName").asText()) : null;
                            if (at != null) {
                                toLogGroup.recordValue((now - at) / 1_000);
                            }
                        }
                        Thread.sleep(5);
                    }
                    catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            }, "log-group-poller");
            poller.start();

            System.out.printf("latency: %d CreateUser calls, 20 a second, with a trail to a log group and a rule to an HTTP target%n", calls);
            for (int i = 0; i < calls; i++) {
                String name = "bench-user-" + i;
                sent.put(name, System.nanoTime());
                iam.createUser(request -> request.userName(name));
                Thread.sleep(50);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((toLogGroup.getTotalCount() < calls || toHttp.getTotalCount() < calls) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            polling.set(false);
            poller.join();
            report("call -> log group", toLogGroup, calls);
            synchronized (toHttp) {
                report("call -> HTTP target", toHttp, calls);
            }
        }
        finally {
            endpoint.stop(0);
        }
    }

    private static void report(String what, Histogram histogram, int expected)
    {
        System.out.printf("  %-20s %d of %d arrived; p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, histogram.getTotalCount(), expected,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(90) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0);
    }
}
