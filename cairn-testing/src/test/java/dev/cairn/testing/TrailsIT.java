package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailResponse;
import software.amazon.awssdk.services.cloudtrail.model.DataResource;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.InsightSelector;
import software.amazon.awssdk.services.cloudtrail.model.InsightType;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.Tag;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.TrailInfo;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The trail API as the AWS SDK's CloudTrail client sees it: every operation, its members, its errors, home regions and
 * shadow trails. Buckets are directories here; {@link DeliveryIT} delivers to an S3 server. This server runs with
 * {@code --skip-bucket-policy-check} (so a trail may name an SNS topic, which Cairn does not have yet);
 * {@link TrailPermissionsIT} checks policies as AWS does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class TrailsIT
{
    private TestingCairnServer server;
    private CloudTrailClient east;
    private CloudTrailClient west;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.builder().deliveryInterval(Duration.ofMinutes(5)).checkBucketPolicy(false).start();
        server.createBucketDirectory("logs");
        server.createBucketDirectory("other-logs");
        east = server.cloudTrail();
        west = server.cloudTrail(TestingCairnServer.rootCredentials(), "us-west-2");
    }

    @AfterAll
    public void stop()
    {
        east.close();
        west.close();
        server.close();
    }

    @AfterEach
    public void deleteTrails()
    {
        for (TrailInfo trail : east.listTrails(request -> { }).trails()) {
            CloudTrailClient home = trail.homeRegion().equals("us-east-1") ? east : west;
            home.deleteTrail(request -> request.name(trail.trailARN()));
        }
    }

    @Test
    public void createDescribeGetUpdateDelete()
    {
        String account = server.accountId();
        CreateTrailResponse created = east.createTrail(request -> request.name("audit").s3BucketName("logs").s3KeyPrefix("prod")
                .snsTopicName("notify").enableLogFileValidation(true).kmsKeyId("alias/trail-key")
                .tagsList(Tag.builder().key("team").value("security").build()));
        String arn = "arn:aws:cloudtrail:us-east-1:" + account + ":trail/audit";
        assertThat(created.name()).isEqualTo("audit");
        assertThat(created.trailARN()).isEqualTo(arn);
        assertThat(created.s3KeyPrefix()).isEqualTo("prod");
        assertThat(created.snsTopicARN()).isEqualTo("arn:aws:sns:us-east-1:" + account + ":notify");
        assertThat(created.includeGlobalServiceEvents()).isTrue();
        assertThat(created.isMultiRegionTrail()).isFalse();
        assertThat(created.logFileValidationEnabled()).isTrue();
        assertThat(created.kmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:" + account + ":alias/trail-key");
        assertThat(created.isOrganizationTrail()).isFalse();

        Trail trail = east.getTrail(request -> request.name("audit")).trail();
        assertThat(trail.homeRegion()).isEqualTo("us-east-1");
        assertThat(trail.hasCustomEventSelectors()).isFalse();
        assertThat(trail.hasInsightSelectors()).isFalse();
        assertThat(east.getTrail(request -> request.name(arn)).trail()).isEqualTo(trail);
        assertThat(east.describeTrails().trailList()).containsExactly(trail);
        assertThat(east.describeTrails(request -> request.trailNameList("audit", "missing")).trailList()).containsExactly(trail);
        assertThat(east.listTrails(request -> { }).trails()).containsExactly(TrailInfo.builder().trailARN(arn).name("audit").homeRegion("us-east-1").build());
        assertThat(east.getTrailStatus(request -> request.name("audit")).isLogging()).isFalse();

        east.updateTrail(request -> request.name("audit").s3BucketName("other-logs").s3KeyPrefix("").kmsKeyId("").snsTopicName(""));
        Trail updated = east.getTrail(request -> request.name("audit")).trail();
        assertThat(updated.s3BucketName()).isEqualTo("other-logs");
        assertThat(updated.s3KeyPrefix()).isNull();
        assertThat(updated.kmsKeyId()).isNull();
        assertThat(updated.snsTopicARN()).isNull();
        assertThat(updated.logFileValidationEnabled()).isTrue();

        east.deleteTrail(request -> request.name("audit"));
        assertThat(east.describeTrails().trailList()).isEmpty();
        // GetTrail names the trail as given; GetTrailStatus (like UpdateTrail and DeleteTrail) by its ARN in the call's region
        assertErrorMessage(() -> east.getTrail(request -> request.name("audit")), "TrailNotFoundException", "Unknown trail: audit for the user: " + account);
        assertErrorMessage(() -> east.getTrailStatus(request -> request.name("audit")), "TrailNotFoundException", "Unknown trail: " + arn + " for the user: " + account);
    }

    @Test
    public void errorsOfCreateAndUpdate()
    {
        assertErrorMessage(() -> east.createTrail(request -> request.name("-bad").s3BucketName("logs")), "InvalidTrailNameException",
                "Trail name must starts with a letter or number.");
        assertErrorMessage(() -> east.createTrail(request -> request.name("ab").s3BucketName("logs")), "InvalidTrailNameException",
                "Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.");
        assertError(() -> east.createTrail(request -> request.name("a..b").s3BucketName("logs")), "InvalidTrailNameException", "adjacent");
        assertError(() -> east.createTrail(request -> request.name("192.168.5.4").s3BucketName("logs")), "InvalidTrailNameException", "IP address");
        assertError(() -> east.createTrail(request -> request.name("trail-1").s3BucketName("Bad_Bucket")), "InvalidS3BucketNameException", "Bad_Bucket");
        assertErrorMessage(() -> east.createTrail(request -> request.name("trail-1").s3BucketName("no-such-bucket")), "S3BucketDoesNotExistException",
                "S3 bucket no-such-bucket does not exist!");
        assertError(() -> east.createTrail(request -> request.name("trail-1").s3BucketName("logs").s3KeyPrefix("x".repeat(201))), "InvalidS3PrefixException", "200");
        assertError(() -> east.createTrail(request -> request.name("trail-1").s3BucketName("logs").kmsKeyId("not a key")), "InvalidKmsKeyIdException", "not a key");
        assertError(() -> east.createTrail(request -> request.name("trail-1").s3BucketName("logs").isMultiRegionTrail(true).includeGlobalServiceEvents(false)),
                "InvalidParameterCombinationException", "global service events");
        assertError(() -> east.createTrail(request -> request.name("trail-1").s3BucketName("logs").isOrganizationTrail(true)), "OrganizationsNotInUseException", "organization");
        assertError(() -> east.createTrail(request -> request.name("trail-1").s3BucketName("logs").cloudWatchLogsLogGroupArn("arn:aws:logs:us-east-1:123456789012:log-group:g:*")),
                "InvalidCloudWatchLogsRoleArnException", "role");
        assertError(() -> east.createTrail(request -> request.name("trail-1").s3BucketName("logs")
                .tagsList(IntStream.range(0, 51).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList())), "TagsLimitExceededException", "50");
        assertThat(east.listTrails(request -> { }).trails()).as("failed requests change nothing").isEmpty();

        east.createTrail(request -> request.name("trail-1").s3BucketName("logs"));
        assertErrorMessage(() -> east.createTrail(request -> request.name("trail-1").s3BucketName("logs")), "TrailAlreadyExistsException",
                "Trail trail-1 already exists for customer: " + server.accountId());
        assertError(() -> east.updateTrail(request -> request.name("trail-1").s3BucketName("no-such-bucket")), "S3BucketDoesNotExistException", "no-such-bucket");
        assertError(() -> east.updateTrail(request -> request.name("nope")), "TrailNotFoundException", "nope");
        assertError(() -> east.getTrail(request -> request.name("arn:aws:cloudtrail:us-east-1:bad")), "CloudTrailARNInvalidException", "arn:aws:cloudtrail:us-east-1:bad");
        for (int i = 2; i <= 5; i++) {
            String name = "trail-" + i;
            east.createTrail(request -> request.name(name).s3BucketName("logs"));
        }
        assertError(() -> east.createTrail(request -> request.name("trail-6").s3BucketName("logs")), "MaximumNumberOfTrailsExceededException", "5");
        // another account sees none of them
        var other = server.createAccount();
        try (CloudTrailClient stranger = server.cloudTrail(TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey()), "us-east-1")) {
            assertThat(stranger.describeTrails().trailList()).isEmpty();
            String arn = east.getTrail(request -> request.name("trail-1")).trail().trailARN();
            assertError(() -> stranger.getTrail(request -> request.name(arn)), "TrailNotFoundException", "trail-1");
            assertError(() -> stranger.deleteTrail(request -> request.name(arn)), "TrailNotFoundException", "trail-1");
        }
    }

    @Test
    public void multiRegionTrailsShowAsShadowsAndChangeOnlyInTheirHomeRegion()
    {
        String arn = east.createTrail(request -> request.name("everywhere").s3BucketName("logs").isMultiRegionTrail(true)).trailARN();
        west.createTrail(request -> request.name("west-only").s3BucketName("logs"));

        // the region's own trails first, then the shadows (as AWS's example output lists them)
        assertThat(west.describeTrails().trailList()).extracting(Trail::name).containsExactly("west-only", "everywhere");
        assertThat(west.describeTrails(request -> request.includeShadowTrails(false)).trailList()).extracting(Trail::name).containsExactly("west-only");
        assertThat(east.describeTrails().trailList()).extracting(Trail::name).containsExactly("everywhere");
        assertThat(west.getTrail(request -> request.name(arn)).trail().homeRegion()).isEqualTo("us-east-1");
        assertThat(west.getTrailStatus(request -> request.name(arn)).isLogging()).isFalse();
        assertThat(east.listTrails(request -> { }).trails()).extracting(TrailInfo::name).containsExactlyInAnyOrder("everywhere", "west-only");

        assertError(() -> west.startLogging(request -> request.name(arn)), "InvalidHomeRegionException", "us-east-1");
        assertError(() -> west.deleteTrail(request -> request.name(arn)), "InvalidHomeRegionException", "us-east-1");
        assertError(() -> west.updateTrail(request -> request.name(arn).s3KeyPrefix("x")), "InvalidHomeRegionException", "us-east-1");
        assertError(() -> west.createTrail(request -> request.name("everywhere").s3BucketName("logs")), "TrailAlreadyExistsException", "everywhere");

        east.startLogging(request -> request.name("everywhere"));
        assertThat(west.getTrailStatus(request -> request.name(arn)).isLogging()).isTrue();
        assertThat(east.getTrailStatus(request -> request.name("everywhere")).timeLoggingStarted()).isNotEmpty();
        east.stopLogging(request -> request.name("everywhere"));
        assertThat(east.getTrailStatus(request -> request.name("everywhere")).isLogging()).isFalse();
    }

    @Test
    public void eventSelectors()
    {
        east.createTrail(request -> request.name("selected").s3BucketName("logs"));
        GetEventSelectorsResponse defaults = east.getEventSelectors(request -> request.trailName("selected"));
        assertThat(defaults.eventSelectors()).containsExactly(EventSelector.builder().readWriteType(ReadWriteType.ALL).includeManagementEvents(true)
                .dataResources(List.of()).excludeManagementEventSources(List.of()).build());

        east.putEventSelectors(request -> request.trailName("selected").eventSelectors(EventSelector.builder().readWriteType(ReadWriteType.READ_ONLY)
                .dataResources(DataResource.builder().type("AWS::S3::Object").values("arn:aws:s3:::bucket/prefix").build())
                .excludeManagementEventSources("kms.amazonaws.com").build()));
        GetEventSelectorsResponse basic = east.getEventSelectors(request -> request.trailName("selected"));
        assertThat(basic.eventSelectors().get(0).readWriteType()).isEqualTo(ReadWriteType.READ_ONLY);
        assertThat(basic.eventSelectors().get(0).includeManagementEvents()).isTrue();
        assertThat(basic.advancedEventSelectors()).isEmpty();
        assertThat(east.getTrail(request -> request.name("selected")).trail().hasCustomEventSelectors()).isTrue();

        AdvancedEventSelector advanced = AdvancedEventSelector.builder().name("management writes")
                .fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build(),
                        AdvancedFieldSelector.builder().field("readOnly").equalsValue("false").build())
                .build();
        east.putEventSelectors(request -> request.trailName("selected").advancedEventSelectors(advanced));
        GetEventSelectorsResponse withAdvanced = east.getEventSelectors(request -> request.trailName("selected"));
        assertThat(withAdvanced.advancedEventSelectors()).containsExactly(advanced);
        assertThat(withAdvanced.eventSelectors()).isEmpty();

        assertError(() -> east.putEventSelectors(request -> request.trailName("selected")), "InvalidEventSelectorsException", "either");
        assertError(() -> east.putEventSelectors(request -> request.trailName("selected").eventSelectors(EventSelector.builder().build())
                .advancedEventSelectors(advanced)), "InvalidEventSelectorsException", "not both");
        assertError(() -> east.putEventSelectors(request -> request.trailName("selected")
                .eventSelectors(IntStream.range(0, 6).mapToObj(i -> EventSelector.builder().build()).toList())), "InvalidEventSelectorsException", "5");
        assertError(() -> east.putEventSelectors(request -> request.trailName("selected").eventSelectors(EventSelector.builder()
                .dataResources(DataResource.builder().type("AWS::Nope::Thing").values("arn:aws:nope").build()).build())), "InvalidEventSelectorsException", "AWS::Nope::Thing");
        assertError(() -> east.putEventSelectors(request -> request.trailName("selected").advancedEventSelectors(AdvancedEventSelector.builder()
                .fieldSelectors(AdvancedFieldSelector.builder().field("color").equalsValue("red").build()).build())), "InvalidEventSelectorsException", "color");
        assertError(() -> east.putEventSelectors(request -> request.trailName("selected").advancedEventSelectors(AdvancedEventSelector.builder()
                .fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build(),
                        AdvancedFieldSelector.builder().field("eventName").equalsValue("CreateUser").build()).build())), "InvalidEventSelectorsException", "eventName");
        assertError(() -> east.putEventSelectors(request -> request.trailName("missing").advancedEventSelectors(advanced)), "TrailNotFoundException", "missing");
        assertThat(east.getEventSelectors(request -> request.trailName("selected")).advancedEventSelectors()).as("failed puts change nothing").containsExactly(advanced);
    }

    @Test
    public void insightSelectors()
    {
        east.createTrail(request -> request.name("insightful").s3BucketName("logs"));
        assertError(() -> east.getInsightSelectors(request -> request.trailName("insightful")), "InsightNotEnabledException", "Insights");
        east.putInsightSelectors(request -> request.trailName("insightful").insightSelectors(InsightSelector.builder().insightType(InsightType.API_CALL_RATE_INSIGHT).build()));
        assertThat(east.getInsightSelectors(request -> request.trailName("insightful")).insightSelectors())
                .containsExactly(InsightSelector.builder().insightType(InsightType.API_CALL_RATE_INSIGHT).build());
        assertThat(east.getTrail(request -> request.name("insightful")).trail().hasInsightSelectors()).isTrue();
        assertError(() -> east.putInsightSelectors(request -> request.trailName("insightful").insightSelectors(InsightSelector.builder().build())),
                "InvalidInsightSelectorsException", "InsightType");
        east.putInsightSelectors(request -> request.trailName("insightful").insightSelectors(List.of()));
        assertError(() -> east.getInsightSelectors(request -> request.trailName("insightful")), "InsightNotEnabledException", "Insights");
    }

    @Test
    public void tags()
    {
        String arn = east.createTrail(request -> request.name("tagged").s3BucketName("logs").tagsList(Tag.builder().key("a").value("1").build())).trailARN();
        east.addTags(request -> request.resourceId(arn).tagsList(Tag.builder().key("b").value("2").build(), Tag.builder().key("a").value("3").build(),
                Tag.builder().key("novalue").build()));
        assertThat(east.listTags(request -> request.resourceIdList(arn)).resourceTagList().get(0).tagsList())
                .containsExactly(Tag.builder().key("a").value("3").build(), Tag.builder().key("b").value("2").build(), Tag.builder().key("novalue").build());
        east.removeTags(request -> request.resourceId(arn).tagsList(Tag.builder().key("a").build()));
        assertThat(east.listTags(request -> request.resourceIdList(arn)).resourceTagList().get(0).tagsList()).extracting(Tag::key).containsExactly("b", "novalue");
        assertError(() -> east.addTags(request -> request.resourceId(arn).tagsList(IntStream.range(0, 49).mapToObj(i -> Tag.builder().key("k" + i).build()).toList())),
                "TagsLimitExceededException", "50");
        assertError(() -> east.addTags(request -> request.resourceId(arn + "-missing").tagsList(Tag.builder().key("x").build())), "ResourceNotFoundException", "missing");
        assertError(() -> east.addTags(request -> request.resourceId("not-an-arn").tagsList(Tag.builder().key("x").build())), "CloudTrailARNInvalidException", "not-an-arn");
        assertError(() -> east.addTags(request -> request.resourceId(arn).tagsList(Tag.builder().key("aws:reserved").build())), "InvalidTagParameterException", "aws:");
    }

    @Test
    public void trailCallsAreRecordedLikeAnyOther()
    {
        east.createTrail(request -> request.name("recorded").s3BucketName("logs"));
        east.startLogging(request -> request.name("recorded"));
        assertThatThrownBy(() -> east.createTrail(request -> request.name("recorded").s3BucketName("logs"))).isInstanceOf(CloudTrailException.class);
        var failed = EventHistory.await(east, LookupAttributeKey.EVENT_NAME, "CreateTrail", "the failed CreateTrail",
                event -> "TrailAlreadyExistsException".equals(EventHistory.record(event).path("errorCode").asText()), Duration.ofSeconds(5));
        assertThat(EventHistory.record(failed).path("requestParameters").path("name").asText()).isEqualTo("recorded");
        EventHistory.await(east, LookupAttributeKey.EVENT_NAME, "StartLogging", "a StartLogging event", event -> true, Duration.ofSeconds(5));
        assertThat(EventHistory.all(east, LookupAttributeKey.RESOURCE_TYPE, "AWS::CloudTrail::Trail")).isNotEmpty();
    }

    @Test
    public void describeTrailsListsTheRegionsTrailsInTheOrderTheyWereCreated()
    {
        for (String name : List.of("zulu", "alpha", "mike")) {
            east.createTrail(request -> request.name(name).s3BucketName("logs"));
        }
        assertThat(east.describeTrails().trailList()).extracting(Trail::name).containsExactly("zulu", "alpha", "mike");
        assertThat(east.describeTrails(request -> request.trailNameList("mike", "zulu")).trailList()).extracting(Trail::name).as("as named").containsExactly("mike", "zulu");
        // ListTrails: by home region and name, so that its pages are stable
        assertThat(east.listTrails(request -> { }).trails()).extracting(TrailInfo::name).containsExactly("alpha", "mike", "zulu");
    }

    private static void assertErrorMessage(Executable call, String code, String message)
    {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(CloudTrailException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
                    assertThat(error.statusCode()).isEqualTo(400);
                });
    }

    private static void assertError(Executable call, String code, String messagePart)
    {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(CloudTrailException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
                    assertThat(error.awsErrorDetails().errorMessage()).contains(messagePart);
                    assertThat(error.statusCode()).isEqualTo(400);
                });
    }
}
