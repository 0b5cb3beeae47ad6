package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 while a trail delivers to a log group and a rule sends every call to another and to an SNS topic, twice, then
 * a restart: every acknowledged call is in the trail's log group exactly once (its events commit with the delivery's
 * checkpoint), reaches the rule's log group at least once (matched events wait in the durable outbox; EventBridge's
 * delivery is at least once), and reaches the topic's HTTP subscriber at least once (the rule's event, then the topic's
 * notification, each waits in the outbox). A real {@code cairn serve} process.
 */
public class DestinationsCrashIT
{
    private static final AwsCredentialsProvider ROOT = TestingCairnServer.rootCredentials();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "us-east-1";
    /** Events a killed node had claimed are sent again once its claim (20 s) runs out. */
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(45);

    @TempDir
    Path temp;

    @Test
    public void killNineLosesNothingOnTheWayToLogGroupsRulesAndTopics()
            throws Exception
    {
        Path data = temp.resolve("data");
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        try (Subscriber subscriber = new Subscriber()) {
            run(data, acknowledged, subscriber);
        }
    }

    private void run(Path data, Map<String, String> acknowledged, Subscriber subscriber)
            throws Exception
    {
        try (CairnProcess cairn = start(); CloudTrailClient cloudTrail = cairn.cloudTrail(ROOT, REGION); IamClient iam = cairn.iam(ROOT);
                CloudWatchLogsClient logs = logs(cairn); EventBridgeClient events = events(cairn)) {
            TestingCairnServer.createBucketDirectory(data, "crash-logs");
            logs.createLogGroup(request -> request.logGroupName("trail"));
            logs.createLogGroup(request -> request.logGroupName("rule"));
            String account = cairn.sts(ROOT).getCallerIdentity().account();
            String trailGroup = "arn:aws:logs:" + REGION + ":" + account + ":log-group:trail";
            iam.createRole(request -> request.roleName("trail-to-logs").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
            iam.putRolePolicy(request -> request.roleName("trail-to-logs").policyName("deliver").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"" + trailGroup + ":*\"}]}"));
            cloudTrail.createTrail(request -> request.name("crash").s3BucketName("crash-logs").cloudWatchLogsLogGroupArn(trailGroup + ":*")
                    .cloudWatchLogsRoleArn("arn:aws:iam::" + account + ":role/trail-to-logs"));
            cloudTrail.startLogging(request -> request.name("crash"));
            // GetCallerIdentity is read-only: the rule asks for all management events
            events.putRule(request -> request.name("every-call").state(RuleState.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS)
                    .eventPattern("{\"source\": [\"aws.sts\"], \"detail\": {\"eventName\": [\"GetCallerIdentity\"]}}"));
            String topic;
            try (SnsClient sns = sns(cairn)) {
                topic = sns.createTopic(request -> request.name("every-call")).topicArn();
                sns.subscribe(request -> request.topicArn(topic).protocol("http").endpoint(subscriber.endpoint()));
                subscriber.confirm();
            }
            events.putTargets(request -> request.rule("every-call").targets(Target.builder().id("log")
                    .arn("arn:aws:logs:" + REGION + ":" + account + ":log-group:rule").build(), Target.builder().id("topic").arn(topic).build()));
            Thread.sleep(500);
            DeliveryCrashIT.loadThenKill(cairn, acknowledged, "first", Duration.ofMillis(2_300));
        }
        try (CairnProcess cairn = start()) {
            DeliveryCrashIT.loadThenKill(cairn, acknowledged, "second", Duration.ofMillis(2_300));
        }
        try (CairnProcess cairn = start(); StsClient sts = cairn.sts(ROOT); CloudWatchLogsClient logs = logs(cairn)) {
            acknowledged.put(sts.getCallerIdentity().responseMetadata().requestId(), "last");

            Map<String, Integer> inTrailGroup = Poll.untilOrTimeout(ARRIVAL_TIMEOUT, Duration.ofMillis(500), () -> requestIds(logs, "trail"),
                    found -> found.keySet().containsAll(acknowledged.keySet()));
            Map<String, Integer> inRuleGroup = Poll.untilOrTimeout(ARRIVAL_TIMEOUT, Duration.ofMillis(500), () -> requestIds(logs, "rule"),
                    found -> found.keySet().containsAll(acknowledged.keySet()));
            System.out.printf("DestinationsCrashIT: %d acknowledged calls after two kills; %d records in the trail's log group, %d events in the rule's%n",
                    acknowledged.size(), inTrailGroup.values().stream().mapToInt(Integer::intValue).sum(), inRuleGroup.values().stream().mapToInt(Integer::intValue).sum());
            assertThat(acknowledged.keySet().stream().filter(id -> !inTrailGroup.containsKey(id)).toList()).as("acknowledged calls not in the trail's log group").isEmpty();
            assertThat(inTrailGroup.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("records in the trail's log group more than once").isEmpty();
            assertThat(acknowledged.keySet().stream().filter(id -> !inRuleGroup.containsKey(id)).toList()).as("acknowledged calls the rule never delivered").isEmpty();
            long waiting = System.nanoTime();
            // two outbox hops (the rule's target, then the topic's subscription), each waiting out a killed node's claim (20 s, then 60 s for SNS)
            Map<String, Integer> notified = Poll.untilOrTimeout(ARRIVAL_TIMEOUT.multipliedBy(2), Duration.ofMillis(500), subscriber::requestIds,
                    found -> found.keySet().containsAll(acknowledged.keySet()));
            System.out.printf("DestinationsCrashIT: %d notifications at the topic's subscriber (waited %d ms for the last)%n", notified.values().stream().mapToInt(Integer::intValue).sum(),
                    Duration.ofNanos(System.nanoTime() - waiting).toMillis());
            assertThat(acknowledged.entrySet().stream().filter(entry -> !notified.containsKey(entry.getKey())).toList())
                    .as("acknowledged calls (with their phase) the topic's subscriber never got").isEmpty();
        }
    }

    private static SnsClient sns(CairnProcess cairn)
    {
        return SnsClient.builder().endpointOverride(cairn.endpoint()).region(Region.of(REGION)).credentialsProvider(ROOT)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** An HTTP subscriber of an SNS topic, outliving the killed processes: confirms its subscription, counts notifications. */
    private static final class Subscriber
            implements AutoCloseable
    {
        private final HttpServer server;
        private final BlockingQueue<String> confirmations = new LinkedBlockingQueue<>();
        private final Map<String, Integer> requestIds = new ConcurrentHashMap<>();

        Subscriber()
                throws IOException
        {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", this::receive);
            server.start();
        }

        String endpoint()
        {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/every-call";
        }

        private void receive(HttpExchange exchange)
                throws IOException
        {
            JsonNode message = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (message.path("Type").asText().equals("SubscriptionConfirmation")) {
                confirmations.add(message.path("SubscribeURL").asText());
            }
            else if (message.path("Type").asText().equals("Notification")) {
                // the message is the rule's event: its detail is the record
                requestIds.merge(JSON.readTree(message.path("Message").asText()).path("detail").path("requestID").asText(), 1, Integer::sum);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        }

        /** Confirms the subscription by its SubscribeURL, as a subscriber does. */
        void confirm()
                throws Exception
        {
            String url = confirmations.poll(10, TimeUnit.SECONDS);
            assertThat(url).as("a SubscriptionConfirmation").isNotNull();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }

        Map<String, Integer> requestIds()
        {
            return Map.copyOf(requestIds);
        }

        @Override
        public void close()
        {
            server.stop(0);
        }
    }

    private CairnProcess start()
    {
        return DeliveryCrashIT.start(temp);
    }

    private static CloudWatchLogsClient logs(CairnProcess cairn)
    {
        return CloudWatchLogsClient.builder().endpointOverride(cairn.endpoint()).region(Region.of(REGION)).credentialsProvider(ROOT)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static EventBridgeClient events(CairnProcess cairn)
    {
        return EventBridgeClient.builder().endpointOverride(cairn.endpoint()).region(Region.of(REGION)).credentialsProvider(ROOT)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** How many times each GetCallerIdentity's request id is in the group's events (a record, or a bus event's detail). */
    private static Map<String, Integer> requestIds(CloudWatchLogsClient logs, String group)
            throws Exception
    {
        Map<String, Integer> counts = new HashMap<>();
        String token = null;
        do {
            String next = token;
            FilterLogEventsResponse page = logs.filterLogEvents(request -> request.logGroupName(group).filterPattern("GetCallerIdentity").nextToken(next));
            for (FilteredLogEvent event : page.events()) {
                JsonNode json = JSON.readTree(event.message());
                JsonNode record = json.has("detail") ? json.get("detail") : json;
                counts.merge(record.path("requestID").asText(), 1, Integer::sum);
            }
            token = page.nextToken();
        }
        while (token != null);
        return counts;
    }
}
