package dev.cairn.core.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public class TestEventSelectors
{
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    public void withoutSelectorsAllManagementEventsAndNoDataEvents()
    {
        Trail trail = trail(Optional.empty(), Optional.empty());
        assertThat(takes(trail, management("iam.amazonaws.com", "CreateUser", false))).isTrue();
        assertThat(takes(trail, management("cloudtrail.amazonaws.com", "ListTrails", true))).isTrue();
        assertThat(takes(trail, s3Data("GetObject", true, "arn:aws:s3:::bucket/key"))).isFalse();
    }

    @Test
    public void globalServiceEventsFollowTheTrailSetting()
    {
        Trail.Builder builder = trail(Optional.empty(), Optional.empty()).toBuilder();
        builder.includeGlobalServiceEvents = false;
        Trail trail = builder.build();
        assertThat(takes(trail, management("iam.amazonaws.com", "CreateUser", false))).isFalse();
        assertThat(takes(trail, management("sts.amazonaws.com", "GetCallerIdentity", true))).isFalse();
        assertThat(takes(trail, management("cloudtrail.amazonaws.com", "ListTrails", true))).isTrue();
    }

    @Test
    public void basicSelectors()
    {
        Trail writes = trail(Optional.of(EventSelectors.validateBasic(json("[{\"ReadWriteType\":\"WriteOnly\"}]"))), Optional.empty());
        assertThat(takes(writes, management("iam.amazonaws.com", "CreateUser", false))).isTrue();
        assertThat(takes(writes, management("iam.amazonaws.com", "GetUser", true))).isFalse();

        Trail excluding = trail(Optional.of(EventSelectors.validateBasic(json("[{\"ExcludeManagementEventSources\":[\"kms.amazonaws.com\"]}]"))), Optional.empty());
        assertThat(takes(excluding, management("kms.amazonaws.com", "Decrypt", true))).isFalse();
        assertThat(takes(excluding, management("iam.amazonaws.com", "GetUser", true))).isTrue();

        Trail data = trail(Optional.of(EventSelectors.validateBasic(json("""
                [{"IncludeManagementEvents":false,"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::logs/app/"]}]}]"""))), Optional.empty());
        assertThat(takes(data, management("iam.amazonaws.com", "CreateUser", false))).isFalse();
        assertThat(takes(data, s3Data("PutObject", false, "arn:aws:s3:::logs/app/one"))).isTrue();
        assertThat(takes(data, s3Data("PutObject", false, "arn:aws:s3:::logs/other"))).isFalse();

        Trail allS3 = trail(Optional.of(EventSelectors.validateBasic(json("[{\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3\"]}]}]"))), Optional.empty());
        assertThat(takes(allS3, s3Data("GetObject", true, "arn:aws:s3:::any/thing"))).isTrue();
    }

    @Test
    public void advancedSelectorsAndTheirOperators()
    {
        Trail trail = trail(Optional.empty(), Optional.of(EventSelectors.validateAdvanced(json("""
                [{"Name":"s3 puts outside tmp","FieldSelectors":[
                   {"Field":"eventCategory","Equals":["Data"]},
                   {"Field":"resources.type","Equals":["AWS::S3::Object"]},
                   {"Field":"eventName","StartsWith":["Put"]},
                   {"Field":"resources.ARN","NotStartsWith":["arn:aws:s3:::logs/tmp/"],"EndsWith":[".json",".csv"]}]},
                 {"Name":"management reads, not kms","FieldSelectors":[
                   {"Field":"eventCategory","Equals":["Management"]},
                   {"Field":"readOnly","Equals":["true"]},
                   {"Field":"eventSource","NotEquals":["kms.amazonaws.com"]}]}]"""))));
        assertThat(takes(trail, s3Data("PutObject", false, "arn:aws:s3:::logs/app/a.json"))).isTrue();
        assertThat(takes(trail, s3Data("PutObject", false, "arn:aws:s3:::logs/app/a.txt"))).as("EndsWith").isFalse();
        assertThat(takes(trail, s3Data("PutObject", false, "arn:aws:s3:::logs/tmp/a.json"))).as("NotStartsWith").isFalse();
        assertThat(takes(trail, s3Data("GetObject", true, "arn:aws:s3:::logs/app/a.json"))).as("StartsWith").isFalse();
        assertThat(takes(trail, management("iam.amazonaws.com", "GetUser", true))).isTrue();
        assertThat(takes(trail, management("iam.amazonaws.com", "CreateUser", false))).isFalse();
        assertThat(takes(trail, management("kms.amazonaws.com", "DescribeKey", true))).isFalse();
    }

    /** Events from outside AWS (PutAuditEvents') are CloudTrail Lake's alone: no selector takes them. */
    @Test
    public void noTrailTakesEventsFromOutsideAws()
    {
        String json = "{\"eventCategory\":\"ActivityAuditLog\",\"eventType\":\"ActivityLog\",\"eventData\":{\"eventName\":\"Login\"}}";
        EventRecord external = new EventRecord("us-east-1", "123456789012", NOW, "id-external", "Login", "my-app", false, Optional.empty(), Optional.empty(),
                EventCategory.ACTIVITY_AUDIT_LOG, List.of(), json.getBytes(StandardCharsets.UTF_8));
        assertThat(takes(trail(Optional.empty(), Optional.empty()), external)).isFalse();
        assertThat(takes(trail(Optional.of(EventSelectors.validateBasic(json("[{\"ReadWriteType\":\"All\"}]"))), Optional.empty()), external)).isFalse();
        // even selectors that would match anything, which validation refuses
        assertThat(takes(trail(Optional.empty(), Optional.of(json("[{\"FieldSelectors\":[{\"Field\":\"eventName\",\"NotEquals\":[\"x\"]}]}]"))), external)).isFalse();
        assertThat(takes(trail(Optional.empty(), Optional.of(json("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"ActivityAuditLog\"]}]}]"))),
                external)).isFalse();
    }

    @Test
    public void basicSelectorOfOneBucketTakesItsObjectsAndBucketLevelDataEvents()
    {
        Trail photos = trail(Optional.of(EventSelectors.validateBasic(json("""
                [{"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::photos/"]}]}]"""))), Optional.empty());
        assertThat(takes(photos, s3Data("GetObject", true, "arn:aws:s3:::photos/2026/cat.jpg"))).isTrue();
        assertThat(takes(photos, s3Data("PutObject", false, "arn:aws:s3:::photos/dog.jpg"))).isTrue();
        assertThat(takes(photos, s3Data("GetObject", true, "arn:aws:s3:::photos-archive/cat.jpg"))).as("another bucket, same start").isFalse();
        assertThat(takes(photos, s3Data("GetObject", true, "arn:aws:s3:::videos/cat.mp4"))).isFalse();
        assertThat(takes(photos, s3Listing("ListObjects", true, "arn:aws:s3:::photos/"))).as("the bucket's listing").isTrue();
        assertThat(takes(photos, s3Listing("DeleteObjects", false, "arn:aws:s3:::photos/"))).isTrue();
        assertThat(takes(photos, s3Listing("ListObjects", true, "arn:aws:s3:::videos/"))).isFalse();
        assertThat(takes(photos, management("iam.amazonaws.com", "CreateUser", false))).as("IncludeManagementEvents defaults to true").isTrue();

        Trail prefixed = trail(Optional.of(EventSelectors.validateBasic(json("""
                [{"ReadWriteType":"WriteOnly","IncludeManagementEvents":false,
                  "DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::photos/2026/"]}]}]"""))), Optional.empty());
        assertThat(takes(prefixed, s3Data("PutObject", false, "arn:aws:s3:::photos/2026/cat.jpg"))).isTrue();
        assertThat(takes(prefixed, s3Data("GetObject", true, "arn:aws:s3:::photos/2026/cat.jpg"))).as("WriteOnly").isFalse();
        assertThat(takes(prefixed, s3Data("PutObject", false, "arn:aws:s3:::photos/2025/cat.jpg"))).isFalse();
        assertThat(takes(prefixed, s3Listing("DeleteObjects", false, "arn:aws:s3:::photos/"))).as("covers more than the prefix").isFalse();
        assertThat(takes(prefixed, management("iam.amazonaws.com", "CreateUser", false))).isFalse();

        Trail all = trail(Optional.of(EventSelectors.validateBasic(json("""
                [{"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::"]}]}]"""))), Optional.empty());
        assertThat(takes(all, s3Data("GetObject", true, "arn:aws:s3:::videos/cat.mp4"))).isTrue();
        assertThat(takes(all, s3Listing("ListObjects", true, "arn:aws:s3:::videos/"))).isTrue();

        Trail lambda = trail(Optional.of(EventSelectors.validateBasic(json("""
                [{"DataResources":[{"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda"]}]}]"""))), Optional.empty());
        assertThat(takes(lambda, s3Data("GetObject", true, "arn:aws:s3:::photos/cat.jpg"))).as("another resource type").isFalse();
    }

    @Test
    public void advancedSelectorsOnS3Objects()
    {
        Trail trail = trail(Optional.empty(), Optional.of(EventSelectors.validateAdvanced(json("""
                [{"Name":"photo reads but the private ones","FieldSelectors":[
                   {"Field":"eventCategory","Equals":["Data"]},
                   {"Field":"resources.type","Equals":["AWS::S3::Object"]},
                   {"Field":"readOnly","Equals":["true"]},
                   {"Field":"resources.ARN","StartsWith":["arn:aws:s3:::photos/"],"NotEquals":["arn:aws:s3:::photos/private.jpg"],
                    "NotStartsWith":["arn:aws:s3:::photos/tmp/"]}]},
                 {"Name":"deletes anywhere","FieldSelectors":[
                   {"Field":"eventCategory","Equals":["Data"]},
                   {"Field":"resources.type","Equals":["AWS::S3::Object"]},
                   {"Field":"eventName","Equals":["DeleteObject","DeleteObjects"]}]}]"""))));
        assertThat(takes(trail, s3Data("GetObject", true, "arn:aws:s3:::photos/cat.jpg"))).isTrue();
        assertThat(takes(trail, s3Listing("ListObjects", true, "arn:aws:s3:::photos/"))).isTrue();
        assertThat(takes(trail, s3Data("PutObject", false, "arn:aws:s3:::photos/cat.jpg"))).as("readOnly").isFalse();
        assertThat(takes(trail, s3Data("GetObject", true, "arn:aws:s3:::photos/private.jpg"))).as("NotEquals, not met by the bucket's ARN").isFalse();
        assertThat(takes(trail, s3Data("GetObject", true, "arn:aws:s3:::photos/tmp/x.jpg"))).as("NotStartsWith, not met by the bucket's ARN").isFalse();
        assertThat(takes(trail, s3Data("GetObject", true, "arn:aws:s3:::videos/cat.mp4"))).isFalse();
        assertThat(takes(trail, s3Data("DeleteObject", false, "arn:aws:s3:::videos/cat.mp4"))).as("eventName").isTrue();
        assertThat(takes(trail, s3Listing("DeleteObjects", false, "arn:aws:s3:::videos/"))).isTrue();
        assertThat(takes(trail, management("iam.amazonaws.com", "GetUser", true))).as("no management selector").isFalse();

        Trail excluding = trail(Optional.empty(), Optional.of(EventSelectors.validateAdvanced(json("""
                [{"FieldSelectors":[
                   {"Field":"eventCategory","Equals":["Data"]},
                   {"Field":"resources.type","Equals":["AWS::S3::Object"]},
                   {"Field":"resources.ARN","NotStartsWith":["arn:aws:s3:::logs/"]}]}]"""))));
        assertThat(takes(excluding, s3Data("PutObject", false, "arn:aws:s3:::logs/app.log"))).isFalse();
        assertThat(takes(excluding, s3Data("PutObject", false, "arn:aws:s3:::photos/cat.jpg"))).isTrue();
    }

    @Test
    public void invalidDataSelectors()
    {
        assertInvalid(() -> EventSelectors.validateBasic(json("[{\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3:::photos\"]}]}]")),
                "arn:aws:s3:::photos for DataResources.Values is invalid");
        assertInvalid(() -> EventSelectors.validateBasic(json("[{\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3:::/key\"]}]}]")), "arn:aws:s3:::/key");
        assertInvalid(() -> EventSelectors.validateBasic(json("[{\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3:::*\"]}]}]")), "arn:aws:s3:::*");
        assertInvalid(() -> EventSelectors.validateBasic(json("[{\"DataResources\":[{\"Type\":\"AWS::S3::Bucket\",\"Values\":[\"arn:aws:s3:::photos/\"]}]}]")),
                "AWS::S3::Bucket");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("""
                [{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["S3Object"]}]}]""")), "S3Object");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("""
                [{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},
                  {"Field":"resources.ARN","Equals":["arn:aws:s3:::photos"]}]}]""")), "arn:aws:s3:::photos for resources.ARN with Equals");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("""
                [{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},
                  {"Field":"resources.ARN","StartsWith":["photos/"]}]}]""")), "photos/ for resources.ARN with StartsWith");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("""
                [{"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"resources.ARN","StartsWith":["arn:aws:s3:::photos/"]}]}]""")),
                "resources.ARN");

        // AWS's other resource types are taken by their form; so are ARNs of other types, and EndsWith on S3 objects
        EventSelectors.validateAdvanced(json("""
                [{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::DynamoDB::Table"]},
                  {"Field":"resources.ARN","Equals":["arn:aws:dynamodb:us-east-1:111122223333:table/orders"]}]},
                 {"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3ObjectLambda::AccessPoint"]}]},
                 {"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},
                  {"Field":"resources.ARN","Equals":["arn:aws:s3:::photos/cat.jpg"],"EndsWith":[".jpg"]}]}]"""));
    }

    @Test
    public void invalidSelectors()
    {
        assertInvalid(() -> EventSelectors.validateBasic(json("[{},{},{},{},{},{}]")), "at most 5");
        assertInvalid(() -> EventSelectors.validateBasic(json("[{\"ExcludeManagementEventSources\":[\"iam.amazonaws.com\"]}]")), "iam.amazonaws.com");
        assertInvalid(() -> EventSelectors.validateBasic(json("[{\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"bucket\"]}]}]")), "bucket");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("[{\"FieldSelectors\":[{\"Field\":\"readOnly\",\"Equals\":[\"true\"]}]}]")), "eventCategory");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]}]}]")), "resources.type");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"NotEquals\":[\"Data\"]}]}]")), "Equals");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},{\"Field\":\"readOnly\",\"Equals\":[\"yes\"]}]}]")), "true or false");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}]")), "more than once");
        assertInvalid(() -> EventSelectors.validateAdvanced(json("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},{\"Field\":\"eventSource\"}]}]")), "operator");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message)
    {
        assertThatThrownBy(call).isInstanceOfSatisfying(CairnException.class, error -> {
            assertThat(error.errorCode()).isEqualTo(ErrorCode.INVALID_EVENT_SELECTORS);
            assertThat(error.getMessage()).contains(message);
        });
    }

    private static boolean takes(Trail trail, EventRecord event)
    {
        return EventSelectors.takes(trail, event, record -> {
            try {
                return Json.mapper().readTree(record.json());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Trail trail(Optional<JsonNode> basic, Optional<JsonNode> advanced)
    {
        Trail.Builder trail = new Trail.Builder();
        trail.accountId = "123456789012";
        trail.name = "selected";
        trail.homeRegion = "us-east-1";
        trail.s3BucketName = "logs";
        trail.eventSelectors = basic;
        trail.advancedEventSelectors = advanced;
        trail.created = NOW;
        return trail.build();
    }

    private static EventRecord management(String source, String name, boolean readOnly)
    {
        String json = "{\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"readOnly\":" + readOnly + ",\"eventCategory\":\"Management\"}";
        return new EventRecord("us-east-1", "123456789012", NOW, "id-" + name, name, source, readOnly, Optional.empty(), Optional.empty(),
                EventCategory.MANAGEMENT, List.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** An S3 object call's data event, its resources as AWS writes them: the object, and its bucket with the owner. */
    private static EventRecord s3Data(String name, boolean readOnly, String objectArn)
    {
        return s3Event(name, readOnly, "{\"type\":\"AWS::S3::Object\",\"ARN\":\"" + objectArn + "\"}", objectArn.substring(0, objectArn.indexOf('/')));
    }

    /** A bucket-level data event (ListObjects, DeleteObjects): the objects it covers as {@code ARNPrefix}. */
    private static EventRecord s3Listing(String name, boolean readOnly, String arnPrefix)
    {
        return s3Event(name, readOnly, "{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"" + arnPrefix + "\"}", arnPrefix.substring(0, arnPrefix.indexOf('/')));
    }

    private static EventRecord s3Event(String name, boolean readOnly, String objects, String bucketArn)
    {
        String json = "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + name + "\",\"readOnly\":" + readOnly
                + ",\"resources\":[" + objects + ",{\"accountId\":\"123456789012\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"" + bucketArn + "\"}]"
                + ",\"managementEvent\":false,\"eventCategory\":\"Data\"}";
        return new EventRecord("us-east-1", "123456789012", NOW, "id-" + name, name, "s3.amazonaws.com", readOnly, Optional.empty(), Optional.empty(),
                EventCategory.DATA, List.of(new LookupResource("AWS::S3::Object", bucketArn)), json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text)
    {
        try {
            return Json.mapper().readTree(text);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
