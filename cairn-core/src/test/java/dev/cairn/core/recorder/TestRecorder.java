package dev.cairn.core.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;
import dev.cairn.model.UserIdentity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Records of data events as AWS writes them for S3 object calls: {@code managementEvent} false, {@code eventCategory}
 * {@code Data}, the object without an account and the bucket with its owner's, and a call on another account's bucket
 * recorded in both accounts with one {@code sharedEventID}.
 */
public class TestRecorder
{
    private static final String CALLER_ACCOUNT = "111122223333";
    private static final String OWNER_ACCOUNT = "444455556666";
    private static final Instant RECEIVED = Instant.parse("2026-11-24T12:00:00.123Z");

    private final Recorder recorder = new Recorder(new ServiceCatalog(Json.mapper()));

    private static UserIdentity alice()
    {
        return UserIdentity.of(new Principal(CALLER_ACCOUNT, PrincipalType.IAM_USER, "AIDAALICE0000000000001", "arn:aws:iam::" + CALLER_ACCOUNT + ":user/alice",
                "alice", "AKIAALICE00000000001"));
    }

    private static EventDescription.Builder getObject(UserIdentity identity, String bucketOwner)
    {
        ObjectNode parameters = Json.mapper().createObjectNode().put("bucketName", "photos").put("Host", "photos.s3.us-east-1.amazonaws.com").put("key", "2026/cat.jpg");
        return EventDescription.builder(RECEIVED, "us-east-1", identity, "s3.amazonaws.com", "GetObject", EventType.AWS_API_CALL)
                .category(EventCategory.DATA)
                .readOnly(true)
                .source("192.0.2.10", Optional.of("aws-cli/2.15.0"), Optional.empty())
                .requestParameters(Optional.of(parameters))
                .additionalEventData(Json.mapper().createObjectNode().put("bytesTransferredIn", 0).put("bytesTransferredOut", 42))
                .requestId("REQUEST0000000001")
                .resources(List.of(new LookupResource("AWS::S3::Object", "2026/cat.jpg")))
                .recordResources(List.of(RecordResource.s3Object("photos", "2026/cat.jpg"), RecordResource.s3Bucket(bucketOwner, "photos")));
    }

    @Test
    public void dataEventRecordInTheCallersOwnBucket()
    {
        List<EventRecord> records = recorder.dataRecords(getObject(alice(), CALLER_ACCOUNT).build(), CALLER_ACCOUNT);

        assertThat(records).hasSize(1);
        EventRecord record = records.get(0);
        assertThat(record.jsonText()).isEqualTo("""
                {"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDAALICE0000000000001","arn":"arn:aws:iam::111122223333:user/alice",\
                "accountId":"111122223333","accessKeyId":"AKIAALICE00000000001","userName":"alice"},"eventTime":"2026-11-24T12:00:00Z",\
                "eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.10","userAgent":"aws-cli/2.15.0",\
                "requestParameters":{"bucketName":"photos","Host":"photos.s3.us-east-1.amazonaws.com","key":"2026/cat.jpg"},"responseElements":null,\
                "additionalEventData":{"bytesTransferredIn":0,"bytesTransferredOut":42},"requestID":"REQUEST0000000001","eventID":"%s","readOnly":true,\
                "resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::photos/2026/cat.jpg"},{"accountId":"111122223333","type":"AWS::S3::Bucket",\
                "ARN":"arn:aws:s3:::photos"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"}"""
                .formatted(record.eventId()));
        assertThat(record.category()).isEqualTo(EventCategory.DATA);
        assertThat(record.accountId()).isEqualTo(CALLER_ACCOUNT);
        assertThat(record.eventTime()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(record.username()).contains("alice");
        assertThat(record.accessKeyId()).contains("AKIAALICE00000000001");
        assertThat(record.readOnly()).isTrue();
    }

    @Test
    public void dataEventOnAnotherAccountsBucketIsRecordedInBoth()
    {
        List<EventRecord> records = recorder.dataRecords(getObject(alice(), OWNER_ACCOUNT).build(), OWNER_ACCOUNT);

        assertThat(records).hasSize(2);
        JsonNode callers = json(records.get(0));
        JsonNode owners = json(records.get(1));
        assertThat(records).extracting(EventRecord::accountId).containsExactly(CALLER_ACCOUNT, OWNER_ACCOUNT);
        assertThat(records).extracting(EventRecord::category).containsOnly(EventCategory.DATA);
        assertThat(records.get(0).eventId()).isNotEqualTo(records.get(1).eventId());
        assertThat(callers.get("sharedEventID").asText()).isNotEmpty().isEqualTo(owners.get("sharedEventID").asText());

        // the caller's copy names the caller in full; the owner's only its principal id and account
        assertThat(callers.get("userIdentity")).isEqualTo(json("""
                {"type":"IAMUser","principalId":"AIDAALICE0000000000001","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333",\
                "accessKeyId":"AKIAALICE00000000001","userName":"alice"}"""));
        assertThat(owners.get("userIdentity").toString()).isEqualTo("{\"type\":\"AWSAccount\",\"principalId\":\"AIDAALICE0000000000001\",\"accountId\":\"111122223333\"}");
        assertThat(callers.get("recipientAccountId").asText()).isEqualTo(CALLER_ACCOUNT);
        assertThat(owners.get("recipientAccountId").asText()).isEqualTo(OWNER_ACCOUNT);
        assertThat(records.get(1).username()).isEmpty();

        // both copies say the same about the call: the object, the bucket and its owner, data, not management
        for (JsonNode copy : List.of(callers, owners)) {
            assertThat(copy.get("resources").toString()).isEqualTo("[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::photos/2026/cat.jpg\"},"
                    + "{\"accountId\":\"444455556666\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::photos\"}]");
            assertThat(copy.get("managementEvent").asBoolean()).isFalse();
            assertThat(copy.get("eventCategory").asText()).isEqualTo("Data");
            assertThat(copy.get("eventTime").asText()).isEqualTo("2026-11-24T12:00:00Z");
        }
        // sharedEventID sits between recipientAccountId and eventCategory, as AWS writes it
        assertThat(fieldNames(callers)).containsSubsequence("recipientAccountId", "sharedEventID", "eventCategory");
        assertThat(fieldNames(owners)).containsSubsequence("eventType", "managementEvent", "recipientAccountId", "sharedEventID", "eventCategory");
    }

    @Test
    public void anonymousCallIsRecordedInTheBucketOwnersAccountOnly()
    {
        UserIdentity anonymous = new UserIdentity("AWSAccount", Optional.of(""), Optional.empty(), "anonymous", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        List<EventRecord> records = recorder.dataRecords(getObject(anonymous, OWNER_ACCOUNT).recipientAccountId(OWNER_ACCOUNT).build(), OWNER_ACCOUNT);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.accountId()).isEqualTo(OWNER_ACCOUNT);
            JsonNode json = json(record);
            assertThat(json.get("userIdentity").toString()).isEqualTo("{\"type\":\"AWSAccount\",\"principalId\":\"\",\"accountId\":\"anonymous\"}");
            assertThat(json.get("recipientAccountId").asText()).isEqualTo(OWNER_ACCOUNT);
            assertThat(json.has("sharedEventID")).isFalse();
        });
    }

    @Test
    public void bucketLevelDataEventNamesItsObjectsByPrefix()
    {
        EventDescription listing = EventDescription.builder(RECEIVED, "us-east-1", alice(), "s3.amazonaws.com", "ListObjects", EventType.AWS_API_CALL)
                .category(EventCategory.DATA)
                .readOnly(true)
                .recordResources(List.of(RecordResource.s3ObjectPrefix("photos", "2026/"), RecordResource.s3Bucket(CALLER_ACCOUNT, "photos")))
                .build();

        JsonNode record = json(recorder.dataRecords(listing, CALLER_ACCOUNT).get(0));
        assertThat(record.get("resources").toString()).isEqualTo("[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::photos/2026/\"},"
                + "{\"accountId\":\"111122223333\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::photos\"}]");
    }

    @Test
    public void managementEventsStayManagementEvents()
    {
        EventDescription assumeRole = EventDescription.builder(RECEIVED, "us-east-1", alice(), "sts.amazonaws.com", "AssumeRole", EventType.AWS_API_CALL)
                .recordResources(List.of(new RecordResource(OWNER_ACCOUNT, "AWS::IAM::Role", "arn:aws:iam::444455556666:role/reader")))
                .build();

        EventRecord record = recorder.record(assumeRole);
        JsonNode json = json(record);
        assertThat(record.category()).isEqualTo(EventCategory.MANAGEMENT);
        assertThat(json.get("managementEvent").asBoolean()).isTrue();
        assertThat(json.get("eventCategory").asText()).isEqualTo("Management");
        assertThat(json.get("resources").toString()).isEqualTo("[{\"accountId\":\"444455556666\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::444455556666:role/reader\"}]");
        assertThatThrownBy(() -> recorder.dataRecords(assumeRole, OWNER_ACCOUNT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a data event");
    }

    private static List<String> fieldNames(JsonNode record)
    {
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(EventRecord record)
    {
        return json(record.jsonText());
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
