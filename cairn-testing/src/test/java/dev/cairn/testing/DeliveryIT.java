package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Trail delivery into an independent S3 API server (s3proxy, filesystem-backed), driven with the AWS SDK's CloudTrail
 * and IAM clients: keys and file format, regions, global service events, selectors, stop-logging, a failing bucket and
 * a failing endpoint. Cairn delivers every second here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class DeliveryIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestingS3Server s3;
    private TestingCairnServer cairn;
    private CloudTrailClient east;
    private CloudTrailClient west;
    private IamClient iam;

    @BeforeAll
    public void start()
    {
        s3 = new TestingS3Server();
        cairn = TestingCairnServer.builder().s3(s3.settings()).start();
        east = cairn.cloudTrail();
        west = cairn.cloudTrail(TestingCairnServer.rootCredentials(), "us-west-2");
        iam = cairn.iam();
    }

    @AfterAll
    public void stop()
    {
        east.close();
        west.close();
        iam.close();
        cairn.close();
        s3.close();
    }

    @Test
    public void logFilesLandUnderCloudTrailKeysAsOneGzipMemberOfRecordsInJournalOrder()
    {
        s3.createBucket("format-logs");
        east.createTrail(request -> request.name("format").s3BucketName("format-logs").s3KeyPrefix("audit/prod"));
        east.startLogging(request -> request.name("format"));
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String user = "format-user-" + i;
            iam.createUser(request -> request.userName(user));
            users.add(user);
        }
        String account = cairn.accountId();
        List<JsonNode> records = awaitRecords("format-logs", "audit/prod/AWSLogs/" + account + "/CloudTrail/us-east-1/",
                found -> names(found, "CreateUser").size() >= 5);

        Pattern key = Pattern.compile("audit/prod/AWSLogs/" + account + "/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/" + account
                + "_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[0-9A-Za-z]{16}\\.json\\.gz");
        for (String object : s3.keys("format-logs", "")) {
            assertThat(object).matches(key);
            JsonNode file = parse(s3.gunzip("format-logs", object));
            assertThat(file.fieldNames()).toIterable().containsExactly("Records");
            assertThat(file.get("Records")).isNotEmpty();
        }
        // the CreateUser calls in the order they were made, StartLogging's own event included
        List<String> created = new ArrayList<>();
        for (JsonNode record : records) {
            if (record.path("eventName").asText().equals("CreateUser") && record.path("requestParameters").path("userName").asText().startsWith("format-user-")) {
                created.add(record.path("requestParameters").path("userName").asText());
            }
        }
        assertThat(created).isEqualTo(users);
        assertThat(names(records, "StartLogging")).hasSize(1);
        assertThat(names(records, "CreateTrail")).as("before logging started").isEmpty();
        assertThat(records).allSatisfy(record -> assertThat(record.path("recipientAccountId").asText()).isEqualTo(account));

        GetTrailStatusResponse status = east.getTrailStatus(request -> request.name("format"));
        assertThat(status.isLogging()).isTrue();
        assertThat(status.latestDeliveryTime()).isNotNull();
        assertThat(status.latestDeliveryError()).isNull();
        assertThat(status.latestDeliveryAttemptSucceeded()).isNotEmpty();
        east.deleteTrail(request -> request.name("format"));
    }

    @Test
    public void singleRegionTrailsGetTheirRegionMultiRegionTrailsEveryRegionAndGlobalEventsFollowTheSetting()
    {
        s3.createBucket("region-logs");
        west.createTrail(request -> request.name("west-only").s3BucketName("region-logs").s3KeyPrefix("west"));
        west.startLogging(request -> request.name("west-only"));
        east.createTrail(request -> request.name("everywhere").s3BucketName("region-logs").s3KeyPrefix("all").isMultiRegionTrail(true));
        east.startLogging(request -> request.name("everywhere"));
        east.createTrail(request -> request.name("east-no-global").s3BucketName("region-logs").s3KeyPrefix("noglobal").includeGlobalServiceEvents(false));
        east.startLogging(request -> request.name("east-no-global"));

        west.describeTrails();
        east.listTrails(request -> { });
        iam.createUser(request -> request.userName("region-user"));
        String account = cairn.accountId();

        List<JsonNode> westOnly = awaitRecords("region-logs", "west/AWSLogs/" + account + "/CloudTrail/", found -> !names(found, "DescribeTrails").isEmpty());
        List<JsonNode> allWest = awaitRecords("region-logs", "all/AWSLogs/" + account + "/CloudTrail/us-west-2/", found -> !names(found, "DescribeTrails").isEmpty());
        List<JsonNode> allEast = awaitRecords("region-logs", "all/AWSLogs/" + account + "/CloudTrail/us-east-1/",
                found -> !names(found, "ListTrails").isEmpty() && !names(found, "CreateUser").isEmpty());
        List<JsonNode> noGlobal = awaitRecords("region-logs", "noglobal/AWSLogs/" + account + "/CloudTrail/us-east-1/", found -> !names(found, "ListTrails").isEmpty());

        assertThat(s3.keys("region-logs", "west/AWSLogs/" + account + "/CloudTrail/")).allMatch(key -> key.contains("/CloudTrail/us-west-2/"));
        assertThat(westOnly).allSatisfy(record -> assertThat(record.path("awsRegion").asText()).isEqualTo("us-west-2"));
        assertThat(names(westOnly, "CreateUser")).as("global service events go to us-east-1 only").isEmpty();
        assertThat(allWest).allSatisfy(record -> assertThat(record.path("awsRegion").asText()).isEqualTo("us-west-2"));
        assertThat(allEast).allSatisfy(record -> assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1"));
        assertThat(names(noGlobal, "CreateUser")).as("IncludeGlobalServiceEvents false").isEmpty();
        assertThat(noGlobal).noneMatch(record -> record.path("eventSource").asText().equals("iam.amazonaws.com"));

        west.deleteTrail(request -> request.name("west-only"));
        east.deleteTrail(request -> request.name("everywhere"));
        east.deleteTrail(request -> request.name("east-no-global"));
    }

    @Test
    public void basicAndAdvancedSelectorsDecideWhatIsDelivered()
    {
        s3.createBucket("selector-logs");
        east.createTrail(request -> request.name("writes").s3BucketName("selector-logs").s3KeyPrefix("writes"));
        east.putEventSelectors(request -> request.trailName("writes").eventSelectors(EventSelector.builder().readWriteType(ReadWriteType.WRITE_ONLY).build()));
        east.startLogging(request -> request.name("writes"));
        east.createTrail(request -> request.name("advanced").s3BucketName("selector-logs").s3KeyPrefix("advanced"));
        east.putEventSelectors(request -> request.trailName("advanced").advancedEventSelectors(AdvancedEventSelector.builder()
                .name("reads except ListTrails")
                .fieldSelectors(
                        AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build(),
                        AdvancedFieldSelector.builder().field("readOnly").equalsValue("true").build())
                .build(),
                AdvancedEventSelector.builder()
                        .name("iam writes")
                        .fieldSelectors(
                                AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build(),
                                AdvancedFieldSelector.builder().field("eventSource").notEquals("cloudtrail.amazonaws.com").build(),
                                AdvancedFieldSelector.builder().field("readOnly").equalsValue("false").build())
                        .build()));
        east.startLogging(request -> request.name("advanced"));
        east.createTrail(request -> request.name("nothing").s3BucketName("selector-logs").s3KeyPrefix("nothing"));
        east.putEventSelectors(request -> request.trailName("nothing").eventSelectors(EventSelector.builder().includeManagementEvents(false).build()));
        east.startLogging(request -> request.name("nothing"));

        east.listTrails(request -> { });
        iam.createUser(request -> request.userName("selector-user"));
        east.addTags(request -> request.resourceId(east.getTrail(get -> get.name("writes")).trail().trailARN())
                .tagsList(software.amazon.awssdk.services.cloudtrail.model.Tag.builder().key("k").value("v").build()));
        String account = cairn.accountId();

        List<JsonNode> writes = awaitRecords("selector-logs", "writes/", found -> !names(found, "CreateUser").isEmpty() && !names(found, "AddTags").isEmpty());
        List<JsonNode> advanced = awaitRecords("selector-logs", "advanced/", found -> !names(found, "CreateUser").isEmpty() && !names(found, "ListTrails").isEmpty());
        assertThat(writes).allSatisfy(record -> assertThat(record.path("readOnly").asBoolean()).isFalse());
        assertThat(names(advanced, "CreateUser")).hasSize(1);
        assertThat(names(advanced, "AddTags")).as("cloudtrail writes are excluded").isEmpty();
        assertThat(names(advanced, "ListTrails")).isNotEmpty();
        sleep(Duration.ofSeconds(2));
        assertThat(s3.keys("selector-logs", "nothing/")).as("IncludeManagementEvents false and no data resources").isEmpty();
        assertThat(account).isNotEmpty();

        for (String trail : List.of("writes", "advanced", "nothing")) {
            east.deleteTrail(request -> request.name(trail));
        }
    }

    /**
     * s3proxy does not implement server-side encryption and refuses a PUT that asks for it: so a refusal shows that
     * Cairn asked for SSE-KMS under the trail's key, and that the error reaches GetTrailStatus. Once the key is
     * removed, the waiting file is delivered.
     */
    @Test
    public void aTrailWithAKmsKeyAsksForSseKmsUnderThatKey()
    {
        s3.createBucket("kms-logs");
        String account = cairn.accountId();
        String key = "arn:aws:kms:us-east-1:" + account + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
        east.createTrail(request -> request.name("encrypted").s3BucketName("kms-logs").kmsKeyId("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertThat(east.getTrail(request -> request.name("encrypted")).trail().kmsKeyId()).isEqualTo(key);
        east.startLogging(request -> request.name("encrypted"));
        await(() -> east.getTrailStatus(request -> request.name("encrypted")).latestDeliveryError() != null, "the refusal");
        assertThat(east.getTrailStatus(request -> request.name("encrypted")).latestDeliveryError()).contains("Server-side encryption is not supported");
        assertThat(s3.keys("kms-logs", "")).isEmpty();

        east.updateTrail(request -> request.name("encrypted").kmsKeyId(""));
        List<JsonNode> records = awaitRecords("kms-logs", "", found -> !names(found, "UpdateTrail").isEmpty());
        assertThat(names(records, "StartLogging")).hasSize(1);
        east.deleteTrail(request -> request.name("encrypted"));
    }

    @Test
    public void stopLoggingStopsDeliveryAfterTheStopLoggingEvent()
    {
        s3.createBucket("stop-logs");
        east.createTrail(request -> request.name("stopper").s3BucketName("stop-logs"));
        east.startLogging(request -> request.name("stopper"));
        iam.createUser(request -> request.userName("before-stop"));
        east.stopLogging(request -> request.name("stopper"));
        iam.createUser(request -> request.userName("after-stop"));
        List<JsonNode> records = awaitRecords("stop-logs", "", found -> !names(found, "StopLogging").isEmpty());
        sleep(Duration.ofSeconds(2));
        records = readAll("stop-logs", "");
        assertThat(userNames(records)).contains("before-stop").doesNotContain("after-stop");
        GetTrailStatusResponse status = east.getTrailStatus(request -> request.name("stopper"));
        assertThat(status.isLogging()).isFalse();
        assertThat(status.stopLoggingTime()).isAfter(status.startLoggingTime());
        assertThat(status.timeLoggingStopped()).isNotEmpty();
        east.deleteTrail(request -> request.name("stopper"));
    }

    @Test
    public void aDeletedBucketShowsInTheStatusDoesNotHoldUpOtherTrailsAndLosesNothingOnceItIsBack()
    {
        s3.createBucket("fragile-logs");
        s3.createBucket("steady-logs");
        east.createTrail(request -> request.name("fragile").s3BucketName("fragile-logs"));
        east.startLogging(request -> request.name("fragile"));
        east.createTrail(request -> request.name("steady").s3BucketName("steady-logs"));
        east.startLogging(request -> request.name("steady"));
        iam.createUser(request -> request.userName("bucket-before"));
        awaitRecords("fragile-logs", "", found -> userNames(found).contains("bucket-before"));

        s3.deleteBucket("fragile-logs");
        iam.createUser(request -> request.userName("bucket-while-gone"));
        await(() -> east.getTrailStatus(request -> request.name("fragile")).latestDeliveryError() != null, "LatestDeliveryError");
        GetTrailStatusResponse failing = east.getTrailStatus(request -> request.name("fragile"));
        assertThat(failing.latestDeliveryError()).contains("fragile-logs");
        assertThat(failing.latestDeliveryAttemptTime()).isNotEmpty();
        // the other trail keeps delivering
        awaitRecords("steady-logs", "", found -> userNames(found).contains("bucket-while-gone"));

        s3.createBucket("fragile-logs");
        iam.createUser(request -> request.userName("bucket-after"));
        List<JsonNode> records = awaitRecords("fragile-logs", "", found -> userNames(found).contains("bucket-after"));
        assertThat(userNames(records)).contains("bucket-while-gone");
        assertThat(eventIds(records)).doesNotHaveDuplicates();
        await(() -> east.getTrailStatus(request -> request.name("fragile")).latestDeliveryError() == null, "the error to clear");

        // the whole endpoint down: the same, and API calls are not held up
        s3.stop();
        Instant before = Instant.now();
        iam.createUser(request -> request.userName("endpoint-down"));
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(2));
        await(() -> east.getTrailStatus(request -> request.name("steady")).latestDeliveryError() != null, "LatestDeliveryError while the endpoint is down");
        s3.restart();
        List<JsonNode> steady = awaitRecords("steady-logs", "", found -> userNames(found).contains("endpoint-down"));
        assertThat(eventIds(steady)).doesNotHaveDuplicates();
        east.deleteTrail(request -> request.name("fragile"));
        east.deleteTrail(request -> request.name("steady"));
    }

    // helpers

    private List<JsonNode> awaitRecords(String bucket, String prefix, java.util.function.Predicate<List<JsonNode>> done)
    {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            List<JsonNode> records = readAll(bucket, prefix);
            if (done.test(records)) {
                return records;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not delivered within " + WAIT + " to s3://" + bucket + "/" + prefix + ": " + records.size() + " records: "
                        + records.stream().map(record -> record.path("eventName").asText()).toList());
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /**
     * Every record under the prefix, files in key order. s3proxy's file system store can list an object a moment
     * before it can be read whole: such a file is read on the next poll.
     */
    private List<JsonNode> readAll(String bucket, String prefix)
    {
        List<JsonNode> records = new ArrayList<>();
        for (String key : s3.keys(bucket, prefix)) {
            try {
                parse(s3.gunzip(bucket, key)).get("Records").forEach(records::add);
            }
            catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException | UncheckedIOException e) {
                // being written: read on the next poll
            }
        }
        return records;
    }

    private static List<JsonNode> names(List<JsonNode> records, String eventName)
    {
        return records.stream().filter(record -> record.path("eventName").asText().equals(eventName)).toList();
    }

    private static Set<String> userNames(List<JsonNode> records)
    {
        Set<String> names = new HashSet<>();
        for (JsonNode record : names(records, "CreateUser")) {
            names.add(record.path("requestParameters").path("userName").asText());
        }
        return names;
    }

    static List<String> eventIds(List<JsonNode> records)
    {
        return records.stream().map(record -> record.path("eventID").asText()).toList();
    }

    private static JsonNode parse(byte[] json)
    {
        try {
            return JSON.readTree(json);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what)
    {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static void sleep(Duration duration)
    {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
