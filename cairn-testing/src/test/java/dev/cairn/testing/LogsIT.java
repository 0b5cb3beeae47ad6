package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.StoredLogEvent;
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
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroupClass;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.TooManyTagsException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        server = TestingCairnServer.builder().historyDataEvents(true).start();
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
        assertThatThrownBy(() -> logs.describeLogStreams(request -> request.logGroupName("streams").orderBy(OrderBy.LAST_EVENT_TIME).logStreamNamePrefix("a")))
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
    @Test
    public void logEventsArePutAndReadFromEitherEnd()
    {
        logs.createLogGroup(request -> request.logGroupName("events"));
        logs.createLogStream(request -> request.logGroupName("events").logStreamName("one"));
        logs.createLogStream(request -> request.logGroupName("events").logStreamName("two"));
        long base = System.currentTimeMillis() - 60_000;
        List<InputLogEvent> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(InputLogEvent.builder().timestamp(base + i * 1_000L).message("message " + i).build());
        }
        PutLogEventsResponse put = logs.putLogEvents(request -> request.logGroupName("events").logStreamName("one").logEvents(five));
        assertThat(put.rejectedLogEventsInfo()).isNull();
        logs.putLogEvents(request -> request.logGroupName("events").logStreamName("two").logEvents(InputLogEvent.builder().timestamp(base + 10_000).message("later").build()));

        // from the tail by default, in time order, with the times of ingestion
        GetLogEventsResponse tail = logs.getLogEvents(request -> request.logGroupName("events").logStreamName("one").limit(2));
        assertThat(tail.events()).extracting(OutputLogEvent::message).containsExactly("message 3", "message 4");
        assertThat(tail.events().get(0).ingestionTime()).isGreaterThanOrEqualTo(base);
        GetLogEventsResponse before = logs.getLogEvents(request -> request.logGroupName("events").logStreamName("one").limit(2).nextToken(tail.nextBackwardToken()));
        assertThat(before.events()).extracting(OutputLogEvent::message).containsExactly("message 1", "message 2");

        // from the head, page by page, to the end, where the forward token comes back unchanged until more arrives
        List<String> read = new ArrayList<>();
        GetLogEventsResponse page = logs.getLogEvents(request -> request.logGroupIdentifier(arn("events")).logStreamName("one").startFromHead(true).limit(2));
        String token;
        do {
            page.events().forEach(event -> read.add(event.message()));
            token = page.nextForwardToken();
            String next = token;
            page = logs.getLogEvents(request -> request.logGroupName("events").logStreamName("one").startFromHead(true).limit(2).nextToken(next));
        }
        while (!page.events().isEmpty());
        assertThat(read).containsExactly("message 0", "message 1", "message 2", "message 3", "message 4");
        assertThat(page.nextForwardToken()).isEqualTo(token);
        logs.putLogEvents(request -> request.logGroupName("events").logStreamName("one").logEvents(InputLogEvent.builder().timestamp(base + 5_000).message("message 5").build()));
        String atEnd = token;
        assertThat(logs.getLogEvents(request -> request.logGroupName("events").logStreamName("one").startFromHead(true).nextToken(atEnd)).events())
                .extracting(OutputLogEvent::message).containsExactly("message 5");
        assertThat(logs.getLogEvents(request -> request.logGroupName("events").logStreamName("one").startTime(base + 1_000).endTime(base + 3_000)).events())
                .extracting(OutputLogEvent::message).containsExactly("message 1", "message 2");

        // streams and groups report their events
        LogStream one = logs.describeLogStreams(request -> request.logGroupName("events").logStreamNamePrefix("one")).logStreams().get(0);
        assertThat(one.firstEventTimestamp()).isEqualTo(base);
        assertThat(one.lastEventTimestamp()).isEqualTo(base + 5_000);
        assertThat(one.lastIngestionTime()).isGreaterThanOrEqualTo(base);
        assertThat(logs.describeLogStreams(request -> request.logGroupName("events").orderBy(OrderBy.LAST_EVENT_TIME).descending(true)).logStreams())
                .extracting(LogStream::logStreamName).containsExactly("two", "one");
        long bytes = "message 0".length() * 6L + "later".length();
        assertThat(logs.describeLogGroups(request -> request.logGroupNamePrefix("events")).logGroups().get(0).storedBytes()).isEqualTo(bytes);

        assertThatThrownBy(() -> logs.getLogEvents(request -> request.logGroupName("events").logStreamName("three"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> logs.getLogEvents(request -> request.logGroupName("events").logStreamName("one").nextToken("not-a-token")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.putLogEvents(request -> request.logGroupName("events").logStreamName("three").logEvents(InputLogEvent.builder().timestamp(base).message("m").build())))
                .isInstanceOf(ResourceNotFoundException.class);

        // deleting a stream or a group deletes its events
        logs.deleteLogStream(request -> request.logGroupName("events").logStreamName("two"));
        logs.createLogStream(request -> request.logGroupName("events").logStreamName("two"));
        assertThat(logs.getLogEvents(request -> request.logGroupName("events").logStreamName("two")).events()).isEmpty();
        logs.deleteLogGroup(request -> request.logGroupName("events"));
        logs.createLogGroup(request -> request.logGroupName("events"));
        logs.createLogStream(request -> request.logGroupName("events").logStreamName("one"));
        assertThat(logs.getLogEvents(request -> request.logGroupName("events").logStreamName("one")).events()).isEmpty();
        assertThat(logs.describeLogGroups(request -> request.logGroupNamePrefix("events")).logGroups().get(0).storedBytes()).isZero();
    }

    @Test
    public void putLogEventsKeepsCloudWatchLogsLimits()
    {
        logs.createLogGroup(request -> request.logGroupName("limits"));
        logs.putRetentionPolicy(request -> request.logGroupName("limits").retentionInDays(1));
        logs.createLogStream(request -> request.logGroupName("limits").logStreamName("s"));
        long now = System.currentTimeMillis();

        // out of the window: the expired, the too old and the too new are reported by index, the rest stored
        PutLogEventsResponse partly = logs.putLogEvents(request -> request.logGroupName("limits").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now - Duration.ofHours(30).toMillis()).message("expired").build(),
                InputLogEvent.builder().timestamp(now - Duration.ofHours(20).toMillis()).message("kept").build()));
        assertThat(partly.rejectedLogEventsInfo().expiredLogEventEndIndex()).isEqualTo(1);
        logs.deleteRetentionPolicy(request -> request.logGroupName("limits"));
        PutLogEventsResponse windows = logs.putLogEvents(request -> request.logGroupName("limits").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now - Duration.ofHours(23).toMillis() - Duration.ofDays(14).toMillis()).message("old").build(),
                InputLogEvent.builder().timestamp(now - Duration.ofDays(14).toMillis() + 60_000).message("kept too").build()));
        assertThat(windows.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isEqualTo(1);
        PutLogEventsResponse future = logs.putLogEvents(request -> request.logGroupName("limits").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now).message("now").build(),
                InputLogEvent.builder().timestamp(now + Duration.ofHours(3).toMillis()).message("future").build()));
        assertThat(future.rejectedLogEventsInfo().tooNewLogEventStartIndex()).isEqualTo(1);
        assertThat(logs.getLogEvents(request -> request.logGroupName("limits").logStreamName("s").startFromHead(true)).events())
                .extracting(OutputLogEvent::message).containsExactly("kept too", "kept", "now");

        // out of order, spanning over a day, or over 1,048,576 bytes: refused whole
        assertThatThrownBy(() -> logs.putLogEvents(request -> request.logGroupName("limits").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now).message("b").build(), InputLogEvent.builder().timestamp(now - 1).message("a").build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("chronological order");
        assertThatThrownBy(() -> logs.putLogEvents(request -> request.logGroupName("limits").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now - Duration.ofHours(25).toMillis()).message("a").build(), InputLogEvent.builder().timestamp(now).message("b").build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("24 hours");
        String largest = "x".repeat(1_048_576 - 26);
        assertThatThrownBy(() -> logs.putLogEvents(request -> request.logGroupName("limits").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now).message(largest + "x").build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Upload too large");
        logs.putLogEvents(request -> request.logGroupName("limits").logStreamName("s").logEvents(InputLogEvent.builder().timestamp(now).message(largest).build()));

        // the model's 10,000 events a batch
        List<InputLogEvent> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(InputLogEvent.builder().timestamp(now).message("event " + i).build());
        }
        logs.putLogEvents(request -> request.logGroupName("limits").logStreamName("s").logEvents(many));
        many.add(InputLogEvent.builder().timestamp(now).message("one too many").build());
        assertThatThrownBy(() -> logs.putLogEvents(request -> request.logGroupName("limits").logStreamName("s").logEvents(many)))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(logs.getLogEvents(request -> request.logGroupName("limits").logStreamName("s").limit(10_000)).events()).hasSize(10_000);
    }

    @Test
    public void filterLogEventsMatchesPatternsAcrossStreams()
    {
        logs.createLogGroup(request -> request.logGroupName("trail"));
        long base = System.currentTimeMillis() - 60_000;
        for (String stream : List.of("111_CloudTrail_us-west-2", "222_CloudTrail_us-west-2", "other")) {
            logs.createLogStream(request -> request.logGroupName("trail").logStreamName(stream));
        }
        logs.putLogEvents(request -> request.logGroupName("trail").logStreamName("111_CloudTrail_us-west-2").logEvents(
                InputLogEvent.builder().timestamp(base).message("{\"eventName\": \"CreateUser\", \"awsRegion\": \"us-west-2\"}").build(),
                InputLogEvent.builder().timestamp(base + 2_000).message("{\"eventName\": \"ConsoleLogin\", \"errorMessage\": \"Failed authentication\"}").build()));
        logs.putLogEvents(request -> request.logGroupName("trail").logStreamName("222_CloudTrail_us-west-2").logEvents(
                InputLogEvent.builder().timestamp(base + 1_000).message("{\"eventName\": \"CreateUser\", \"awsRegion\": \"us-east-1\"}").build()));
        logs.putLogEvents(request -> request.logGroupName("trail").logStreamName("other").logEvents(
                InputLogEvent.builder().timestamp(base + 3_000).message("ERROR CreateUser failed").build()));

        FilterLogEventsResponse created = logs.filterLogEvents(request -> request.logGroupName("trail").filterPattern("{ $.eventName = \"CreateUser\" }"));
        assertThat(created.events()).extracting(FilteredLogEvent::logStreamName).containsExactly("111_CloudTrail_us-west-2", "222_CloudTrail_us-west-2");
        assertThat(created.events()).extracting(FilteredLogEvent::eventId).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).hasSize(56));
        assertThat(created.nextToken()).isNull();
        assertThat(created.searchedLogStreams()).isEmpty();
        assertThat(logs.filterLogEvents(request -> request.logGroupName("trail")
                .filterPattern("{ ($.eventName = \"ConsoleLogin\") && ($.errorMessage = \"Failed authentication\") }")).events())
                .extracting(FilteredLogEvent::timestamp).containsExactly(base + 2_000);
        assertThat(logs.filterLogEvents(request -> request.logGroupName("trail").filterPattern("CreateUser")).events()).hasSize(3);
        assertThat(logs.filterLogEvents(request -> request.logGroupName("trail").filterPattern("?ERROR ?ConsoleLogin")).events()).hasSize(2);
        assertThat(logs.filterLogEvents(request -> request.logGroupIdentifier(arn("trail")).logStreamNamePrefix("111_")).events()).hasSize(2);
        assertThat(logs.filterLogEvents(request -> request.logGroupName("trail").logStreamNames("other", "222_CloudTrail_us-west-2")).events()).hasSize(2);
        assertThat(logs.filterLogEvents(request -> request.logGroupName("trail").logStreamNamePrefix("none")).events()).isEmpty();
        // both ends are inclusive
        assertThat(logs.filterLogEvents(request -> request.logGroupName("trail").startTime(base + 1_000).endTime(base + 2_000)).events())
                .extracting(FilteredLogEvent::timestamp).containsExactly(base + 1_000, base + 2_000);

        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            FilterLogEventsResponse page = logs.filterLogEvents(request -> request.logGroupName("trail").limit(1).nextToken(next));
            page.events().forEach(event -> paged.add(event.eventId()));
            token = page.nextToken();
        }
        while (token != null);
        assertThat(paged).hasSize(4).doesNotHaveDuplicates();

        assertThatThrownBy(() -> logs.filterLogEvents(request -> request.logGroupName("trail").filterPattern("{ $.eventName = }")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.filterLogEvents(request -> request.logGroupName("trail").logStreamNames("other").logStreamNamePrefix("o")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.filterLogEvents(request -> request.logGroupName("nowhere"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    public void logEventCallsAreDataEventsOnTheirLogGroup()
    {
        logs.createLogGroup(request -> request.logGroupName("data"));
        logs.createLogStream(request -> request.logGroupName("data").logStreamName("s"));
        logs.putLogEvents(request -> request.logGroupName("data").logStreamName("s").logEvents(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("m").build()));
        logs.getLogEvents(request -> request.logGroupName("data").logStreamName("s"));
        try (CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION)) {
            for (String name : List.of("PutLogEvents", "GetLogEvents")) {
                Event event = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, name, name,
                        candidate -> EventHistory.record(candidate).path("requestParameters").path("logGroupName").asText().equals("data"), Duration.ofSeconds(5));
                JsonNode record = EventHistory.record(event);
                assertThat(record.path("eventCategory").asText()).isEqualTo("Data");
                assertThat(record.path("managementEvent").asBoolean()).isFalse();
                assertThat(record.path("readOnly").asBoolean()).isEqualTo(name.startsWith("Get"));
                assertThat(record.path("resources").get(0).path("type").asText()).isEqualTo("AWS::Logs::LogGroup");
                assertThat(record.path("resources").get(0).path("ARN").asText()).isEqualTo(arn("data"));
                assertThat(record.path("requestParameters").has("logEvents")).isFalse();
            }
        }
    }
    @Test
    public void retentionDeletesEventsOnceTheyAreOlderThanItAllows()
            throws Exception
    {
        TestingClock clock = new TestingClock(Instant.now());
        try (TestingCairnServer aging = TestingCairnServer.builder().clock(clock).start();
                CloudWatchLogsClient client = LogsClients.logs(aging, TestingCairnServer.rootCredentials(), REGION)) {
            for (String group : List.of("short", "long")) {
                client.createLogGroup(request -> request.logGroupName(group));
                client.createLogStream(request -> request.logGroupName(group).logStreamName("s"));
                client.putLogEvents(request -> request.logGroupName(group).logStreamName("s").logEvents(
                        InputLogEvent.builder().timestamp(clock.millis() - Duration.ofHours(12).toMillis()).message("older").build(),
                        InputLogEvent.builder().timestamp(clock.millis()).message("newer").build()));
            }
            client.putRetentionPolicy(request -> request.logGroupName("short").retentionInDays(1));
            client.putRetentionPolicy(request -> request.logGroupName("long").retentionInDays(3));

            // the API refuses requests signed by the real clock once the server's is ahead: read the store itself
            LogEvents store = aging.server().cairn().store().logEvents();
            String shortGroup = aging.accountId() + "/" + REGION + "/short";
            String longGroup = aging.accountId() + "/" + REGION + "/long";
            clock.advance(Duration.ofHours(18));
            aging.server().cairn().logRetention().runOnce();
            assertThat(store.read(shortGroup, "s", 0, Long.MAX_VALUE, true, Optional.empty(), 10)).extracting(StoredLogEvent::message).containsExactly("newer");
            assertThat(store.read(longGroup, "s", 0, Long.MAX_VALUE, true, Optional.empty(), 10)).hasSize(2);
            assertThat(store.storedBytes(shortGroup)).isEqualTo("newer".length());

            clock.advance(Duration.ofDays(3));
            aging.server().cairn().logRetention().runOnce();
            assertThat(store.read(shortGroup, "s", 0, Long.MAX_VALUE, true, Optional.empty(), 10)).isEmpty();
            assertThat(store.read(longGroup, "s", 0, Long.MAX_VALUE, true, Optional.empty(), 10)).isEmpty();
        }
    }
}
