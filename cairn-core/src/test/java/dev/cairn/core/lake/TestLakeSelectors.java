package dev.cairn.core.lake;

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
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Event data stores' advanced event selectors: CloudTrail Lake's validation rules, and which CloudTrail events a
 * store's selectors take.
 */
public class TestLakeSelectors
{
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    public void defaultSelectorsTakeAllManagementEvents()
    {
        EventDataStore store = store(LakeSelectors.defaultSelectors());
        assertThat(store.schema()).isEqualTo(LakeSchema.CLOUDTRAIL_EVENTS);
        assertThat(store.matches(management("iam.amazonaws.com", "CreateUser", false, "arn:aws:iam::123456789012:root"))).isTrue();
        assertThat(store.matches(management("cloudtrail.amazonaws.com", "ListTrails", true, "arn:aws:iam::123456789012:root"))).isTrue();
        assertThat(store.matches(s3Data("GetObject", true, "arn:aws:s3:::bucket/key"))).isFalse();
        assertThat(LakeSelectors.defaultSelectors().get(0).path("Name").asText()).isEqualTo(LakeSelectors.DEFAULT_SELECTOR_NAME);
    }

    @Test
    public void managementSelectorsTakeTheFieldsOnlyEventDataStoresHave()
    {
        // eventName and userIdentity.arn are refused in trails' management selectors, taken in event data stores'
        EventDataStore store = store(LakeSelectors.validate(json("""
                [{"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"eventName","NotStartsWith":["Get","List","Describe"]},
                {"Field":"userIdentity.arn","EndsWith":[":user/alice"]}]}]""")));
        assertThat(store.matches(management("iam.amazonaws.com", "CreateUser", false, "arn:aws:iam::123456789012:user/alice"))).isTrue();
        assertThat(store.matches(management("iam.amazonaws.com", "GetUser", true, "arn:aws:iam::123456789012:user/alice"))).isFalse();
        assertThat(store.matches(management("iam.amazonaws.com", "CreateUser", false, "arn:aws:iam::123456789012:user/bob"))).isFalse();
    }

    @Test
    public void dataSelectors()
    {
        EventDataStore store = store(LakeSelectors.validate(json("""
                [{"Name":"writes to one bucket","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},
                {"Field":"resources.ARN","StartsWith":["arn:aws:s3:::logs/"]},{"Field":"readOnly","Equals":["false"]}]},
                {"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"readOnly","Equals":["false"]}]}]""")));
        assertThat(store.matches(s3Data("PutObject", false, "arn:aws:s3:::logs/app/one"))).isTrue();
        assertThat(store.matches(s3Data("GetObject", true, "arn:aws:s3:::logs/app/one"))).isFalse();
        assertThat(store.matches(s3Data("PutObject", false, "arn:aws:s3:::other/app/one"))).isFalse();
        assertThat(store.matches(management("iam.amazonaws.com", "CreateUser", false, "arn:aws:iam::123456789012:root"))).isTrue();
        assertThat(store.matches(management("iam.amazonaws.com", "GetUser", true, "arn:aws:iam::123456789012:root"))).isFalse();
    }

    @Test
    public void storesOfOtherEventsTakeNoCloudTrailEvent()
    {
        EventDataStore store = store(LakeSelectors.validate(json("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"ActivityAuditLog\"]}]}]")));
        assertThat(store.schema()).isEqualTo(LakeSchema.ACTIVITY_AUDIT_LOG);
        assertThat(store.schema().ingestionControllable()).isFalse();
        assertThat(store.matches(management("iam.amazonaws.com", "CreateUser", false, "arn:aws:iam::123456789012:root"))).isFalse();
        assertThat(LakeSelectors.schema(LakeSelectors.validate(json("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"ConfigurationItem\"]}]}]"))))
                .isEqualTo(LakeSchema.CONFIGURATION_ITEMS);
    }

    @Test
    public void validation()
    {
        assertInvalid("[]", "at least one");
        assertInvalid("[" + String.join(",", Collections.nCopies(6, "{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}")) + "]", "5");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"readOnly\",\"Equals\":[\"true\"]}]}]", "eventCategory field selector");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Nonsense\"]}]}]", "ActivityAuditLog");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\",\"Data\"]}]}]", "one value");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"NotEquals\":[\"Data\"]}]}]", "Equals");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},{\"Field\":\"resources.ARN\",\"StartsWith\":[\"arn:\"]}]}]",
                "resources.ARN");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]}]}]", "resources.type");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"NetworkActivity\"]}]}]", "eventSource");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"NetworkActivity\"]},{\"Field\":\"eventSource\",\"Equals\":[\"s3.amazonaws.com\"]},"
                + "{\"Field\":\"errorCode\",\"Equals\":[\"AccessDenied\"]}]}]", "VpceAccessDenied");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"ActivityAuditLog\"]},{\"Field\":\"eventName\",\"Equals\":[\"x\"]}]}]", "eventName");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"ActivityAuditLog\"]}]},"
                + "{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}]", "one type of event");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},{\"Field\":\"readOnly\",\"Equals\":[\"maybe\"]}]}]", "true or false");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},{\"Field\":\"eventName\"}]}]", "operator");
        assertInvalid("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},{\"Field\":\"resources.type\",\"Equals\":[\"AWS::S3::Object\"]},"
                + "{\"Field\":\"resources.ARN\",\"Equals\":[\"arn:aws:s3:::bucket\"]}]}]", "object ARN");
        String tooManyValues = "[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]},{\"Field\":\"eventName\",\"Equals\":["
                + String.join(",", Collections.nCopies(500, "\"x\"")) + "]}]}]";
        assertInvalid(tooManyValues, "500");
        // management and data events mix in one store (one type: CloudTrail events)
        assertThat(LakeSelectors.validate(json("[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]},"
                + "{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"NetworkActivity\"]},{\"Field\":\"eventSource\",\"Equals\":[\"s3.amazonaws.com\"]}]}]")))
                .hasSize(2);
    }

    private static void assertInvalid(String selectors, String messagePart)
    {
        assertThatThrownBy(() -> LakeSelectors.validate(json(selectors)))
                .isInstanceOfSatisfying(CairnException.class, error -> {
                    assertThat(error.errorCode()).isEqualTo(ErrorCode.INVALID_EVENT_SELECTORS);
                    assertThat(error.getMessage()).contains(messagePart);
                });
    }

    static EventDataStore store(JsonNode selectors)
    {
        EventDataStore.Builder builder = new EventDataStore.Builder();
        builder.id = "5f0e8c9a-1111-4222-8333-944455556666";
        builder.accountId = "123456789012";
        builder.homeRegion = "us-east-1";
        builder.name = "store";
        builder.advancedEventSelectors = selectors;
        builder.retentionPeriod = 366;
        builder.created = NOW;
        builder.updated = NOW;
        return builder.build();
    }

    private static EventRecord management(String source, String name, boolean readOnly, String userArn)
    {
        String json = "{\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"readOnly\":" + readOnly + ",\"eventCategory\":\"Management\","
                + "\"userIdentity\":{\"arn\":\"" + userArn + "\"}}";
        return new EventRecord("us-east-1", "123456789012", NOW, "id-" + name, name, source, readOnly, Optional.empty(), Optional.empty(),
                EventCategory.MANAGEMENT, List.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static EventRecord s3Data(String name, boolean readOnly, String objectArn)
    {
        String bucketArn = objectArn.substring(0, objectArn.indexOf('/'));
        String json = "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + name + "\",\"readOnly\":" + readOnly
                + ",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"" + objectArn + "\"},{\"accountId\":\"123456789012\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\""
                + bucketArn + "\"}],\"managementEvent\":false,\"eventCategory\":\"Data\"}";
        return new EventRecord("us-east-1", "123456789012", NOW, "id-" + name, name, "s3.amazonaws.com", readOnly, Optional.empty(), Optional.empty(),
                EventCategory.DATA, List.of(new LookupResource("AWS::S3::Object", bucketArn)), json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(String text)
    {
        try {
            return Json.mapper().readTree(text);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
