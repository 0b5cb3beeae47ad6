package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Accounts;
import dev.cairn.core.Cairn;
import dev.cairn.core.recorder.EventDescription;
import dev.cairn.core.recorder.EventType;
import dev.cairn.core.recorder.RecordResource;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.Principal;
import dev.cairn.model.UserIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.DataResource;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Trail delivery into an independent S3 API server (s3proxy, filesystem-backed), driven with the AWS SDK's CloudTrail
 * and IAM clients: keys and file format, regions, global service events, selectors, stop-logging, a failing bucket and
 * a failing endpoint.
 *
 * <p>Delivery is stepped rather than waited for: the server's clock stands still and no delivery loop runs; a round
 * ({@link #deliver}) moves the clock past the delivery interval (every second here) and runs the trails' delivery to
 * the end, so that everything recorded before it is delivered, or has failed, when it returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class DeliveryIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How far a round moves the clock: past the delivery interval (1 s), and past the retry backoff of a unit that
     * failed up to three times in a row (4 s).
     */
    private static final Duration ROUND = Duration.ofSeconds(5);

    private TestingS3Server s3;
    private TestingClock clock;
    private TestingCairnServer cairn;
    private CloudTrailClient east;
    private CloudTrailClient west;
    private IamClient iam;

    @BeforeAll
    public void start()
    {
        s3 = new TestingS3Server();
        clock = new TestingClock();
        cairn = TestingCairnServer.builder().s3(s3.settings()).clock(clock).manualDelivery().start();
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
        // the clock stands still: StartLogging a second after CreateTrail, so that CreateTrail is not in the logging period
        clock.advance(Duration.ofSeconds(1));
        east.startLogging(request -> request.name("format"));
        assertThat(s3.keys("format-logs", "")).as("nothing is delivered before a round").isEmpty();
        String account = cairn.accountId();
        String prefix = "audit/prod/AWSLogs/" + account + "/CloudTrail/us-east-1/";
        // a round after each call: a file each, kept in the order the rounds wrote them (the keys of one minute end in
        // a unique part, so their order is not the order of delivery)
        List<String> users = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String user = "format-user-" + i;
            iam.createUser(request -> request.userName(user));
            users.add(user);
            deliver();
            List<String> written = s3.keys("format-logs", prefix).stream().filter(file -> !files.contains(file)).toList();
            assertThat(written).as("the file of the round after %s", user).hasSize(1);
            files.addAll(written);
        }
        List<JsonNode> records = new ArrayList<>();
        for (String file : files) {
            parse(s3.gunzip("format-logs", file)).get("Records").forEach(records::add);
        }
        assertThat(names(records, "CreateUser")).hasSizeGreaterThanOrEqualTo(5);

        Pattern key = Pattern.compile("audit/prod/AWSLogs/" + account + "/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/" + account
                + "_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[0-9A-Za-z]{16}\\.json\\.gz");
        for (String object : s3.keys("format-logs", "")) {
            assertThat(object).matches(key);
            JsonNode file = parse(s3.gunzip("format-logs", object));
            assertThat(file.fieldNames()).toIterable().containsExactly("Records");
            assertThat(file.get("Records")).isNotEmpty();
        }
        // the CreateUser calls in the order they were made, across files in the order of delivery, StartLogging's own event included
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

        deliver();
        List<JsonNode> westOnly = readAll("region-logs", "west/AWSLogs/" + account + "/CloudTrail/");
        List<JsonNode> allWest = readAll("region-logs", "all/AWSLogs/" + account + "/CloudTrail/us-west-2/");
        List<JsonNode> allEast = readAll("region-logs", "all/AWSLogs/" + account + "/CloudTrail/us-east-1/");
        List<JsonNode> noGlobal = readAll("region-logs", "noglobal/AWSLogs/" + account + "/CloudTrail/us-east-1/");
        assertThat(names(westOnly, "DescribeTrails")).isNotEmpty();
        assertThat(names(allWest, "DescribeTrails")).isNotEmpty();
        assertThat(names(allEast, "ListTrails")).isNotEmpty();
        assertThat(names(allEast, "CreateUser")).isNotEmpty();
        assertThat(names(noGlobal, "ListTrails")).isNotEmpty();

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

        deliver();
        List<JsonNode> writes = readAll("selector-logs", "writes/");
        List<JsonNode> advanced = readAll("selector-logs", "advanced/");
        assertThat(names(writes, "CreateUser")).isNotEmpty();
        assertThat(names(writes, "AddTags")).isNotEmpty();
        assertThat(writes).allSatisfy(record -> assertThat(record.path("readOnly").asBoolean()).isFalse());
        assertThat(names(advanced, "CreateUser")).hasSize(1);
        assertThat(names(advanced, "AddTags")).as("cloudtrail writes are excluded").isEmpty();
        assertThat(names(advanced, "ListTrails")).isNotEmpty();
        deliver();
        assertThat(s3.keys("selector-logs", "nothing/")).as("IncludeManagementEvents false and no data resources").isEmpty();
        assertThat(account).isNotEmpty();

        for (String trail : List.of("writes", "advanced", "nothing")) {
            east.deleteTrail(request -> request.name(trail));
        }
    }

    /**
     * Data events (S3 object calls, as the gateway records them) reach only the trails that select them, in the account
     * each copy is recorded in: a call on another account's bucket goes to the caller's trails as the caller's copy
     * and to the bucket owner's as the owner's, with one sharedEventID; a trail without data selectors gets none.
     */
    @Test
    public void dataEventsGoToTheTrailsThatSelectThemInEachCopysAccount()
            throws Exception
    {
        String caller = cairn.accountId();
        Accounts.RootCredentials owner = cairn.createAccount();
        s3.createBucket("data-logs");
        east.createTrail(request -> request.name("photo-objects").s3BucketName("data-logs").s3KeyPrefix("photos"));
        east.putEventSelectors(request -> request.trailName("photo-objects").eventSelectors(EventSelector.builder().includeManagementEvents(false)
                .dataResources(DataResource.builder().type("AWS::S3::Object").values("arn:aws:s3:::photos/").build()).build()));
        east.startLogging(request -> request.name("photo-objects"));
        east.createTrail(request -> request.name("management-only").s3BucketName("data-logs").s3KeyPrefix("management"));
        east.startLogging(request -> request.name("management-only"));
        try (CloudTrailClient ownerTrails = cairn.cloudTrail(TestingCairnServer.credentials(owner.accessKeyId(), owner.secretAccessKey()), "us-east-1")) {
            ownerTrails.createTrail(request -> request.name("owner-reads").s3BucketName("data-logs").s3KeyPrefix("owner"));
            ownerTrails.putEventSelectors(request -> request.trailName("owner-reads").advancedEventSelectors(AdvancedEventSelector.builder()
                    .fieldSelectors(
                            AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Data").build(),
                            AdvancedFieldSelector.builder().field("resources.type").equalsValue("AWS::S3::Object").build(),
                            AdvancedFieldSelector.builder().field("resources.ARN").startsWith("arn:aws:s3:::photos/").build(),
                            AdvancedFieldSelector.builder().field("readOnly").equalsValue("true").build())
                    .build()));
            ownerTrails.startLogging(request -> request.name("owner-reads"));
        }
        clock.advance(Duration.ofSeconds(1));

        // the caller's calls: on the owner's bucket photos, and on its own bucket videos
        Cairn core = cairn.server().cairn();
        Recorder recorder = new Recorder(core.catalog());
        UserIdentity root = UserIdentity.of(Principal.root(caller, TestingCairnServer.ROOT_ACCESS_KEY_ID, Optional.empty()));
        List<EventRecord> records = new ArrayList<>();
        records.addAll(recorder.dataRecords(s3Call(root, "GetObject", true, RecordResource.s3Object("photos", "cat.jpg"), owner.accountId(), "photos"),
                owner.accountId()));
        records.addAll(recorder.dataRecords(s3Call(root, "ListObjects", true, RecordResource.s3ObjectPrefix("photos", ""), owner.accountId(), "photos"),
                owner.accountId()));
        records.addAll(recorder.dataRecords(s3Call(root, "PutObject", false, RecordResource.s3Object("photos", "dog.jpg"), owner.accountId(), "photos"),
                owner.accountId()));
        records.addAll(recorder.dataRecords(s3Call(root, "PutObject", false, RecordResource.s3Object("videos", "cat.mp4"), caller, "videos"), caller));
        assertThat(records).hasSize(7);
        core.journal().append(records).get();

        deliver();
        List<JsonNode> photoObjects = readAll("data-logs", "photos/AWSLogs/" + caller + "/CloudTrail/us-east-1/");
        assertThat(photoObjects).extracting(record -> record.path("eventName").asText()).containsExactly("GetObject", "ListObjects", "PutObject");
        assertThat(photoObjects).allSatisfy(record -> {
            assertThat(record.path("eventCategory").asText()).isEqualTo("Data");
            assertThat(record.path("managementEvent").asBoolean()).isFalse();
            assertThat(record.path("recipientAccountId").asText()).isEqualTo(caller);
            assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("Root");
        });
        assertThat(readAll("data-logs", "management/")).as("no data events without data selectors")
                .isNotEmpty()
                .allSatisfy(record -> assertThat(record.path("eventCategory").asText()).isEqualTo("Management"));
        assertThat(s3.keys("data-logs", "owner/AWSLogs/" + caller + "/")).isEmpty();
        List<JsonNode> ownerReads = readAll("data-logs", "owner/AWSLogs/" + owner.accountId() + "/CloudTrail/us-east-1/");
        assertThat(ownerReads).extracting(record -> record.path("eventName").asText()).containsExactly("GetObject", "ListObjects");
        assertThat(ownerReads).allSatisfy(record -> {
            assertThat(record.path("recipientAccountId").asText()).isEqualTo(owner.accountId());
            assertThat(record.path("userIdentity").toString()).isEqualTo("{\"type\":\"AWSAccount\",\"principalId\":\"" + caller + "\",\"accountId\":\"" + caller + "\"}");
        });
        assertThat(ownerReads.get(0).path("sharedEventID").asText()).isNotEmpty().isEqualTo(photoObjects.get(0).path("sharedEventID").asText());

        // event history has none of them
        assertThat(east.lookupEvents(request -> request.lookupAttributes(LookupAttribute.builder().attributeKey(LookupAttributeKey.EVENT_SOURCE)
                .attributeValue("s3.amazonaws.com").build())).events()).isEmpty();

        for (String trail : List.of("photo-objects", "management-only")) {
            east.deleteTrail(request -> request.name(trail));
        }
    }

    /** An S3 object call's description, received now by the server's clock, as the gateway would describe it. */
    private EventDescription s3Call(UserIdentity identity, String eventName, boolean readOnly, RecordResource objects, String bucketOwner, String bucket)
    {
        return EventDescription.builder(clock.instant(), "us-east-1", identity, "s3.amazonaws.com", eventName, EventType.AWS_API_CALL)
                .category(EventCategory.DATA)
                .readOnly(readOnly)
                .source("127.0.0.1", Optional.of("aws-cli/2.15.0"), Optional.empty())
                .recordResources(List.of(objects, RecordResource.s3Bucket(bucketOwner, bucket)))
                .build();
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
        deliver();
        assertThat(east.getTrailStatus(request -> request.name("encrypted")).latestDeliveryError()).as("the refusal").contains("Server-side encryption is not supported");
        assertThat(s3.keys("kms-logs", "")).isEmpty();

        east.updateTrail(request -> request.name("encrypted").kmsKeyId(""));
        deliver();
        List<JsonNode> records = readAll("kms-logs", "");
        assertThat(names(records, "UpdateTrail")).isNotEmpty();
        assertThat(names(records, "StartLogging")).hasSize(1);
        east.deleteTrail(request -> request.name("encrypted"));
    }

    @Test
    public void stopLoggingStopsDeliveryAfterTheStopLoggingEvent()
    {
        s3.createBucket("stop-logs");
        east.createTrail(request -> request.name("stopper").s3BucketName("stop-logs"));
        east.startLogging(request -> request.name("stopper"));
        // the clock stands still: each call a second after the one before, so that the logging period tells them apart
        clock.advance(Duration.ofSeconds(1));
        iam.createUser(request -> request.userName("before-stop"));
        clock.advance(Duration.ofSeconds(1));
        east.stopLogging(request -> request.name("stopper"));
        clock.advance(Duration.ofSeconds(1));
        iam.createUser(request -> request.userName("after-stop"));
        deliver();
        List<JsonNode> records = readAll("stop-logs", "");
        assertThat(names(records, "StopLogging")).isNotEmpty();
        deliver();
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
        deliver();
        assertThat(userNames(readAll("fragile-logs", ""))).contains("bucket-before");

        s3.deleteBucket("fragile-logs");
        iam.createUser(request -> request.userName("bucket-while-gone"));
        deliver();
        GetTrailStatusResponse failing = east.getTrailStatus(request -> request.name("fragile"));
        assertThat(failing.latestDeliveryError()).as("LatestDeliveryError").contains("fragile-logs");
        assertThat(failing.latestDeliveryAttemptTime()).isNotEmpty();
        // the other trail keeps delivering
        assertThat(userNames(readAll("steady-logs", ""))).contains("bucket-while-gone");

        s3.createBucket("fragile-logs");
        iam.createUser(request -> request.userName("bucket-after"));
        deliver();
        List<JsonNode> records = readAll("fragile-logs", "");
        assertThat(userNames(records)).contains("bucket-after", "bucket-while-gone");
        assertThat(eventIds(records)).doesNotHaveDuplicates();
        assertThat(east.getTrailStatus(request -> request.name("fragile")).latestDeliveryError()).as("the error cleared").isNull();

        // the whole endpoint down: the same, and API calls are not held up while a round fails
        s3.stop();
        clock.advance(ROUND);
        CompletableFuture<Void> failingRound = CompletableFuture.runAsync(cairn::deliver);
        Instant before = Instant.now();
        iam.createUser(request -> request.userName("endpoint-down"));
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(2));
        failingRound.join();
        deliver();
        assertThat(east.getTrailStatus(request -> request.name("steady")).latestDeliveryError()).as("LatestDeliveryError while the endpoint is down").isNotNull();
        s3.restart();
        deliver();
        List<JsonNode> steady = readAll("steady-logs", "");
        assertThat(userNames(steady)).contains("endpoint-down");
        assertThat(eventIds(steady)).doesNotHaveDuplicates();
        east.deleteTrail(request -> request.name("fragile"));
        east.deleteTrail(request -> request.name("steady"));
    }

    // helpers

    /**
     * One round of delivery: the clock moves on by {@link #ROUND}, and every trail's delivery that is due runs to
     * the end; what failed shows in GetTrailStatus.
     */
    private void deliver()
    {
        clock.advance(ROUND);
        cairn.deliver();
    }

    /** Every record under the prefix, files in key order. The round that wrote them has finished: they are whole. */
    private List<JsonNode> readAll(String bucket, String prefix)
    {
        List<JsonNode> records = new ArrayList<>();
        for (String key : s3.keys(bucket, prefix)) {
            parse(s3.gunzip(bucket, key)).get("Records").forEach(records::add);
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
}
