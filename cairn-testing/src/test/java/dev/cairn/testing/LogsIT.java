package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroupClass;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.TooManyTagsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CloudWatch Logs' log groups and streams through the AWS SDK for Java v2 against the real server: create, describe
 * by prefix and by page, duplicates and missing ones, retention, deletes; every call recorded as
 * {@code logs.amazonaws.com} in the region it was made in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class LogsIT
{
    private static final String REGION = "us-west-2";

    private TestingCairnServer server;
    private CloudWatchLogsClient logs;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        logs = LogsClients.logs(server, TestingCairnServer.rootCredentials(), REGION);
    }

    @AfterAll
    public void stop()
    {
        logs.close();
        server.close();
    }

    private String arn(String group)
    {
        return "arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:" + group;
    }

    @Test
    public void logGroupsAreCreatedDescribedAndDeleted()
    {
        logs.createLogGroup(request -> request.logGroupName("/app/one").tags(Map.of("team", "core")).kmsKeyId("arn:aws:kms:us-west-2:111122223333:key/abc"));
        logs.createLogGroup(request -> request.logGroupName("/app/two").logGroupClass(LogGroupClass.INFREQUENT_ACCESS));
        logs.createLogGroup(request -> request.logGroupName("/app/three"));
        logs.createLogGroup(request -> request.logGroupName("/other/one"));

        List<LogGroup> groups = logs.describeLogGroups(request -> request.logGroupNamePrefix("/app/")).logGroups();
        assertThat(groups).extracting(LogGroup::logGroupName).containsExactly("/app/one", "/app/three", "/app/two");
        LogGroup one = groups.get(0);
        assertThat(one.arn()).isEqualTo(arn("/app/one") + ":*");
        assertThat(one.logGroupArn()).isEqualTo(arn("/app/one"));
        assertThat(one.creationTime()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(one.retentionInDays()).isNull();
        assertThat(one.metricFilterCount()).isZero();
        assertThat(one.storedBytes()).isZero();
        assertThat(one.kmsKeyId()).isEqualTo("arn:aws:kms:us-west-2:111122223333:key/abc");
        assertThat(one.logGroupClass()).isEqualTo(LogGroupClass.STANDARD);
        assertThat(groups.get(2).logGroupClass()).isEqualTo(LogGroupClass.INFREQUENT_ACCESS);

        // pages of one, as the SDK's paginator follows them
        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeLogGroupsResponse page = logs.describeLogGroups(request -> request.logGroupNamePrefix("/app/").limit(1).nextToken(next));
            assertThat(page.logGroups()).hasSize(1);
            paged.add(page.logGroups().get(0).logGroupName());
            token = page.nextToken();
        }
        while (token != null);
        assertThat(paged).containsExactly("/app/one", "/app/three", "/app/two");
        assertThat(logs.describeLogGroupsPaginator(request -> request.limit(2)).logGroups().stream().map(LogGroup::logGroupName))
                .contains("/app/one", "/app/three", "/app/two", "/other/one");

        assertThatThrownBy(() -> logs.createLogGroup(request -> request.logGroupName("/app/one")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> logs.describeLogGroups(request -> request.limit(51))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.describeLogGroups(request -> request.nextToken("nonsense"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.createLogGroup(request -> request.logGroupName("bad name"))).isInstanceOf(InvalidParameterException.class);

        // regional: the groups are not in us-east-1
        try (CloudWatchLogsClient east = LogsClients.logs(server, TestingCairnServer.rootCredentials(), "us-east-1")) {
            assertThat(east.describeLogGroups(request -> request.logGroupNamePrefix("/app/")).logGroups()).isEmpty();
        }

        logs.deleteLogGroup(request -> request.logGroupName("/app/three"));
        assertThat(logs.describeLogGroups(request -> request.logGroupNamePrefix("/app/")).logGroups())
                .extracting(LogGroup::logGroupName).containsExactly("/app/one", "/app/two");
        assertThatThrownBy(() -> logs.deleteLogGroup(request -> request.logGroupName("/app/three"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    public void retentionIsOneOfTheAllowedPeriods()
    {
        logs.createLogGroup(request -> request.logGroupName("retained"));
        logs.putRetentionPolicy(request -> request.logGroupName("retained").retentionInDays(14));
        assertThat(logs.describeLogGroups(request -> request.logGroupNamePrefix("retained")).logGroups().get(0).retentionInDays()).isEqualTo(14);
        assertThatThrownBy(() -> logs.putRetentionPolicy(request -> request.logGroupName("retained").retentionInDays(2)))
                .isInstanceOfSatisfying(InvalidParameterException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("retentionInDays"));
        assertThat(logs.describeLogGroups(request -> request.logGroupNamePrefix("retained")).logGroups().get(0).retentionInDays()).isEqualTo(14);
        logs.deleteRetentionPolicy(request -> request.logGroupName("retained"));
        assertThat(logs.describeLogGroups(request -> request.logGroupNamePrefix("retained")).logGroups().get(0).retentionInDays()).isNull();
        assertThatThrownBy(() -> logs.putRetentionPolicy(request -> request.logGroupName("missing").retentionInDays(7))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> logs.deleteRetentionPolicy(request -> request.logGroupName("missing"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    public void logStreamsLiveInTheirGroup()
    {
        logs.createLogGroup(request -> request.logGroupName("streams"));
        for (String stream : List.of("b", "a/1", "a/2", "c")) {
            logs.createLogStream(request -> request.logGroupName("streams").logStreamName(stream));
        }
        List<LogStream> streams = logs.describeLogStreams(request -> request.logGroupName("streams")).logStreams();
        assertThat(streams).extracting(LogStream::logStreamName).containsExactly("a/1", "a/2", "b", "c");
        assertThat(streams.get(0).arn()).isEqualTo(arn("streams") + ":log-stream:a/1");
        assertThat(streams.get(0).creationTime()).isPositive();
        assertThat(logs.describeLogStreams(request -> request.logGroupIdentifier(arn("streams")).logStreamNamePrefix("a/")).logStreams())
                .extracting(LogStream::logStreamName).containsExactly("a/1", "a/2");
        assertThat(logs.describeLogStreams(request -> request.logGroupIdentifier("streams").orderBy(OrderBy.LOG_STREAM_NAME).descending(true)).logStreams())
                .extracting(LogStream::logStreamName).containsExactly("c", "b", "a/2", "a/1");

        for (boolean descending : List.of(false, true)) {
            List<String> paged = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                DescribeLogStreamsResponse page = logs.describeLogStreams(request -> request.logGroupName("streams").descending(descending).limit(3).nextToken(next));
                page.logStreams().forEach(stream -> paged.add(stream.logStreamName()));
                token = page.nextToken();
            }
            while (token != null);
            assertThat(paged).containsExactlyElementsOf(descending ? List.of("c", "b", "a/2", "a/1") : List.of("a/1", "a/2", "b", "c"));
        }

        assertThatThrownBy(() -> logs.createLogStream(request -> request.logGroupName("streams").logStreamName("b"))).isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> logs.createLogStream(request -> request.logGroupName("nowhere").logStreamName("b"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> logs.createLogStream(request -> request.logGroupName("streams").logStreamName("with:colon"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.describeLogStreams(request -> request.logGroupName("nowhere"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> logs.describeLogStreams(request -> request.logGroupName("streams").orderBy(OrderBy.LAST_EVENT_TIME)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.describeLogStreams(request -> request.logGroupName("streams").logGroupIdentifier("streams")))
                .isInstanceOf(InvalidParameterException.class);

        logs.deleteLogStream(request -> request.logGroupName("streams").logStreamName("b"));
        assertThatThrownBy(() -> logs.deleteLogStream(request -> request.logGroupName("streams").logStreamName("b"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(logs.describeLogStreams(request -> request.logGroupName("streams")).logStreams())
                .extracting(LogStream::logStreamName).containsExactly("a/1", "a/2", "c");

        // deleting the group deletes its streams: a new group of that name starts empty
        logs.deleteLogGroup(request -> request.logGroupName("streams"));
        logs.createLogGroup(request -> request.logGroupName("streams"));
        assertThat(logs.describeLogStreams(request -> request.logGroupName("streams")).logStreams()).isEmpty();
    }

    @Test
    @SuppressWarnings("deprecation") // TagLogGroup, UntagLogGroup and ListTagsLogGroup are, and are served
    public void logGroupsAreTaggedByArnAndByName()
    {
        logs.createLogGroup(request -> request.logGroupName("tagged").tags(Map.of("team", "core")));
        logs.tagResource(request -> request.resourceArn(arn("tagged")).tags(Map.of("env", "prod", "team", "platform")));
        assertThat(logs.listTagsForResource(request -> request.resourceArn(arn("tagged"))).tags()).isEqualTo(Map.of("env", "prod", "team", "platform"));
        logs.untagResource(request -> request.resourceArn(arn("tagged")).tagKeys("env", "absent"));
        assertThat(logs.listTagsForResource(request -> request.resourceArn(arn("tagged"))).tags()).isEqualTo(Map.of("team", "platform"));
        // the model's pattern for resourceArn has no '*': the group's arn, which ends in :*, is refused; its logGroupArn is the one
        assertThatThrownBy(() -> logs.listTagsForResource(request -> request.resourceArn(arn("tagged") + ":*"))).isInstanceOf(InvalidParameterException.class);

        // the older operations, by name
        logs.tagLogGroup(request -> request.logGroupName("tagged").tags(Map.of("cost-center", "42")));
        assertThat(logs.listTagsLogGroup(request -> request.logGroupName("tagged")).tags()).isEqualTo(Map.of("team", "platform", "cost-center", "42"));
        logs.untagLogGroup(request -> request.logGroupName("tagged").tags("team"));
        assertThat(logs.listTagsForResource(request -> request.resourceArn(arn("tagged"))).tags()).isEqualTo(Map.of("cost-center", "42"));

        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 49; i++) {
            many.put("k" + i, "v");
        }
        logs.tagResource(request -> request.resourceArn(arn("tagged")).tags(many));
        assertThatThrownBy(() -> logs.tagResource(request -> request.resourceArn(arn("tagged")).tags(Map.of("one-more", "x"))))
                .isInstanceOf(TooManyTagsException.class);
        assertThatThrownBy(() -> logs.tagLogGroup(request -> request.logGroupName("tagged").tags(Map.of("one-more", "x"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(logs.listTagsForResource(request -> request.resourceArn(arn("tagged"))).tags()).hasSize(50).doesNotContainKey("one-more");

        assertThatThrownBy(() -> logs.listTagsForResource(request -> request.resourceArn(arn("missing")))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> logs.listTagsForResource(request -> request.resourceArn("tagged"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.tagResource(request -> request.resourceArn(arn("tagged")).tags(Map.of("bad,key", "x")))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.listTagsLogGroup(request -> request.logGroupName("missing"))).isInstanceOf(ResourceNotFoundException.class);

        try (CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION)) {
            Event event = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "TagResource", "TagResource",
                    candidate -> EventHistory.record(candidate).path("requestParameters").path("tags").has("env"), Duration.ofSeconds(5));
            assertThat(EventHistory.record(event).path("requestParameters").path("resourceArn").asText()).isEqualTo(arn("tagged"));
            assertThat(event.resources()).anySatisfy(resource -> assertThat(resource.resourceName()).isEqualTo("tagged"));
        }
    }

    @Test
    public void callsAreRecordedAsLogsEventsInTheirRegion()
    {
        logs.createLogGroup(request -> request.logGroupName("recorded").tags(Map.of("k", "v")));
        logs.describeLogGroups(request -> request.logGroupNamePrefix("recorded"));
        try (CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION)) {
            Event event = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateLogGroup", "CreateLogGroup",
                    candidate -> EventHistory.record(candidate).path("requestParameters").path("logGroupName").asText().equals("recorded"), Duration.ofSeconds(5));
            JsonNode record = EventHistory.record(event);
            assertThat(record.path("eventSource").asText()).isEqualTo("logs.amazonaws.com");
            assertThat(record.path("awsRegion").asText()).isEqualTo(REGION);
            assertThat(record.path("readOnly").asBoolean()).isFalse();
            assertThat(record.path("requestParameters").path("tags").path("k").asText()).isEqualTo("v");
            assertThat(record.has("responseElements")).isTrue();
            assertThat(record.path("responseElements").isNull()).isTrue();
            assertThat(event.resources()).anySatisfy(resource -> assertThat(resource.resourceName()).isEqualTo("recorded"));

            Event described = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_SOURCE, "logs.amazonaws.com", "DescribeLogGroups",
                    candidate -> candidate.eventName().equals("DescribeLogGroups"), Duration.ofSeconds(5));
            assertThat(EventHistory.record(described).path("readOnly").asBoolean()).isTrue();
        }
    }
}
