package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import software.amazon.awssdk.services.sts.StsClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 while a trail delivers to a log group and a rule sends every call to another, twice, then a restart: every
 * acknowledged call is in the trail's log group exactly once (its events commit with the delivery's checkpoint) and
 * reaches the rule's log group at least once (matched events wait in the durable outbox; EventBridge's delivery is at
 * least once). A real {@code cairn serve} process.
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
    public void killNineLosesNothingOnTheWayToLogGroupsAndRules()
            throws Exception
    {
        Path data = temp.resolve("data");
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
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
            events.putTargets(request -> request.rule("every-call").targets(Target.builder().id("log")
                    .arn("arn:aws:logs:" + REGION + ":" + account + ":log-group:rule").build()));
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
