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

    private static EventRecord s3Data(String name, boolean readOnly, String objectArn)
    {
        String json = "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + name + "\",\"readOnly\":" + readOnly
                + ",\"eventCategory\":\"Data\",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"" + objectArn + "\"}]}";
        return new EventRecord("us-east-1", "123456789012", NOW, "id-" + name, name, "s3.amazonaws.com", readOnly, Optional.empty(), Optional.empty(),
                EventCategory.DATA, List.of(new LookupResource("AWS::S3::Object", objectArn)), json.getBytes(StandardCharsets.UTF_8));
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
