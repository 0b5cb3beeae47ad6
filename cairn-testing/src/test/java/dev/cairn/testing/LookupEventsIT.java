package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.EventCategory;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidMaxResultsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.UnsupportedOperationException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LookupEvents as the model defines it, and the records it returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class LookupEventsIT
{
    private TestingCairnServer server;
    private IamClient iam;
    private CloudTrailClient cloudTrail;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        iam = server.iam();
        cloudTrail = server.cloudTrail();
    }

    @AfterAll
    public void stop()
    {
        iam.close();
        cloudTrail.close();
        server.close();
    }

    private AccessKey user(String name)
    {
        iam.createUser(request -> request.userName(name));
        return iam.createAccessKey(request -> request.userName(name)).accessKey();
    }

    private static LookupAttribute attribute(LookupAttributeKey key, String value)
    {
        return LookupAttribute.builder().attributeKey(key).attributeValue(value).build();
    }

    @Test
    public void pages110Events50AtATimeWithoutRepeats()
    {
        AccessKey key = user("pager");
        AwsCredentialsProvider credentials = TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey());
        String lastRequestId = null;
        try (StsClient sts = server.sts(credentials)) {
            for (int i = 0; i < 110; i++) {
                lastRequestId = sts.getCallerIdentity().responseMetadata().requestId();
            }
        }
        EventHistory.byRequestId(cloudTrail, LookupAttributeKey.USERNAME, "pager", lastRequestId);

        List<Integer> pageSizes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<Instant> times = new ArrayList<>();
        String token = null;
        do {
            String current = token;
            LookupEventsResponse page = cloudTrail.lookupEvents(request -> request.lookupAttributes(attribute(LookupAttributeKey.USERNAME, "pager")).maxResults(50).nextToken(current));
            pageSizes.add(page.events().size());
            for (Event event : page.events()) {
                assertThat(ids.add(event.eventId())).as("repeated event " + event.eventId()).isTrue();
                times.add(event.eventTime());
            }
            token = page.nextToken();
        }
        while (token != null);
        assertThat(pageSizes).containsExactly(50, 50, 10);
        assertThat(ids).hasSize(110);
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));

        // a token must come back with the same query
        String first = cloudTrail.lookupEvents(request -> request.lookupAttributes(attribute(LookupAttributeKey.USERNAME, "pager")).maxResults(5)).nextToken();
        assertThat(first).isNotNull();
        assertThatThrownBy(() -> cloudTrail.lookupEvents(request -> request.lookupAttributes(attribute(LookupAttributeKey.USERNAME, "root")).maxResults(5).nextToken(first)))
                .isInstanceOf(InvalidNextTokenException.class);
        assertThatThrownBy(() -> cloudTrail.lookupEvents(request -> request.lookupAttributes(attribute(LookupAttributeKey.USERNAME, "pager"))
                .startTime(Instant.now().minus(Duration.ofHours(1))).nextToken(first)))
                .isInstanceOf(InvalidNextTokenException.class);
        assertThatThrownBy(() -> cloudTrail.lookupEvents(request -> request.nextToken("garbage-token")))
                .isInstanceOf(InvalidNextTokenException.class);
        // the SDK paginator sees all of them
        assertThat(cloudTrail.lookupEventsPaginator(request -> request.lookupAttributes(attribute(LookupAttributeKey.USERNAME, "pager"))).events().stream().count())
                .isEqualTo(110);
    }

    @Test
    public void recordsCarryWhatAwsWrites()
    {
        AccessKey key = user("recorder-nina");
        try (StsClient sts = server.sts(TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey()))) {
            GetCallerIdentityResponse response = sts.getCallerIdentity();
            Event event = EventHistory.byRequestId(cloudTrail, LookupAttributeKey.USERNAME, "recorder-nina", response.responseMetadata().requestId());
            assertThat(event.eventName()).isEqualTo("GetCallerIdentity");
            assertThat(event.eventSource()).isEqualTo("sts.amazonaws.com");
            assertThat(event.readOnly()).isEqualTo("true");
            assertThat(event.accessKeyId()).isEqualTo(key.accessKeyId());
            assertThat(event.username()).isEqualTo("recorder-nina");
            JsonNode record = EventHistory.record(event);
            assertThat(record.get("eventVersion").asText()).isEqualTo("1.11");
            assertThat(record.get("eventID").asText()).isEqualTo(event.eventId());
            assertThat(record.get("eventTime").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
            assertThat(Instant.parse(record.get("eventTime").asText())).isEqualTo(event.eventTime());
            assertThat(record.get("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(record.get("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(record.get("userAgent").asText()).startsWith("aws-sdk-java/");
            assertThat(record.get("requestParameters").isNull()).isTrue();
            assertThat(record.get("responseElements").isNull()).isTrue();
            assertThat(record.get("readOnly").asBoolean()).isTrue();
            assertThat(record.get("eventType").asText()).isEqualTo("AwsApiCall");
            assertThat(record.get("managementEvent").asBoolean()).isTrue();
            assertThat(record.get("recipientAccountId").asText()).isEqualTo(server.accountId());
            assertThat(record.get("eventCategory").asText()).isEqualTo("Management");
            JsonNode identity = record.get("userIdentity");
            assertThat(identity.get("type").asText()).isEqualTo("IAMUser");
            assertThat(identity.get("principalId").asText()).startsWith("AIDA");
            assertThat(identity.get("arn").asText()).isEqualTo("arn:aws:iam::" + server.accountId() + ":user/recorder-nina");
            assertThat(identity.get("accountId").asText()).isEqualTo(server.accountId());
            assertThat(identity.get("accessKeyId").asText()).isEqualTo(key.accessKeyId());
            assertThat(record.has("errorCode")).isFalse();
        }
    }

    @Test
    public void writesRecordParametersAndResponsesWithoutSecrets()
    {
        String requestId = iam.createUser(request -> request.userName("recorder-oscar").path("/ops/")).responseMetadata().requestId();
        JsonNode created = EventHistory.record(EventHistory.byRequestId(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateUser", requestId));
        assertThat(created.get("requestParameters").toString()).isEqualTo("{\"path\":\"/ops/\",\"userName\":\"recorder-oscar\"}");
        assertThat(created.get("responseElements").get("user").get("userName").asText()).isEqualTo("recorder-oscar");
        assertThat(created.get("responseElements").get("user").get("createDate").asText()).matches("[A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d{1,2}:\\d{2}:\\d{2} (AM|PM)");
        assertThat(created.get("readOnly").asBoolean()).isFalse();

        var response = iam.createAccessKey(request -> request.userName("recorder-oscar"));
        String secret = response.accessKey().secretAccessKey();
        Event keyEvent = EventHistory.byRequestId(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateAccessKey", response.responseMetadata().requestId());
        assertThat(keyEvent.cloudTrailEvent()).doesNotContain(secret).doesNotContainIgnoringCase("secretAccessKey");
        assertThat(EventHistory.record(keyEvent).get("responseElements").get("accessKey").get("accessKeyId").asText()).isEqualTo(response.accessKey().accessKeyId());
        assertThat(keyEvent.resources()).extracting(resource -> resource.resourceType() + "/" + resource.resourceName())
                .containsExactly("AWS::IAM::AccessKey/" + response.accessKey().accessKeyId(), "AWS::IAM::User/recorder-oscar");
        // no record anywhere holds the secret
        assertThat(cloudTrail.lookupEventsPaginator(request -> request.maxResults(50)).events().stream().map(Event::cloudTrailEvent))
                .noneMatch(json -> json.contains(secret));
    }

    @Test
    public void failuresAreRecordedWithErrorCode()
    {
        // Lake imports are not built yet
        CloudTrailException error = (CloudTrailException) org.assertj.core.api.Assertions.catchThrowable(() -> cloudTrail.listImports(request -> { }));
        assertThat(error).isInstanceOf(UnsupportedOperationException.class);
        JsonNode record = EventHistory.record(EventHistory.byRequestId(cloudTrail, LookupAttributeKey.EVENT_NAME, "ListImports", error.requestId()));
        assertThat(record.get("errorCode").asText()).isEqualTo("UnsupportedOperationException");
        assertThat(record.get("eventSource").asText()).isEqualTo("cloudtrail.amazonaws.com");

        InvalidMaxResultsException invalid = (InvalidMaxResultsException) org.assertj.core.api.Assertions.catchThrowable(() -> cloudTrail.lookupEvents(request -> request.maxResults(0)));
        JsonNode invalidRecord = EventHistory.record(EventHistory.byRequestId(cloudTrail, LookupAttributeKey.EVENT_NAME, "LookupEvents", invalid.requestId()));
        assertThat(invalidRecord.get("errorCode").asText()).isEqualTo("InvalidMaxResultsException");
        assertThat(invalidRecord.get("requestParameters").get("maxResults").asInt()).isZero();
    }

    @Test
    public void everyAttributeKeyAndTheirCombination()
    {
        AccessKey key = user("attributes-pat");
        String requestId;
        try (StsClient sts = server.sts(TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey()))) {
            requestId = sts.getCallerIdentity().responseMetadata().requestId();
        }
        Event event = EventHistory.byRequestId(cloudTrail, LookupAttributeKey.USERNAME, "attributes-pat", requestId);
        String createUserRequestId = iam.getUser(request -> request.userName("attributes-pat")).responseMetadata().requestId();
        Event getUser = EventHistory.byRequestId(cloudTrail, LookupAttributeKey.RESOURCE_NAME, "attributes-pat", createUserRequestId);

        assertThat(ids(attribute(LookupAttributeKey.EVENT_ID, event.eventId()))).containsExactly(event.eventId());
        assertThat(ids(attribute(LookupAttributeKey.EVENT_NAME, "GetCallerIdentity"))).contains(event.eventId());
        assertThat(ids(attribute(LookupAttributeKey.READ_ONLY, "true"))).contains(event.eventId(), getUser.eventId());
        assertThat(ids(attribute(LookupAttributeKey.READ_ONLY, "false"))).doesNotContain(event.eventId());
        assertThat(ids(attribute(LookupAttributeKey.USERNAME, "attributes-pat"))).containsExactly(event.eventId());
        assertThat(ids(attribute(LookupAttributeKey.RESOURCE_TYPE, "AWS::IAM::User"))).contains(getUser.eventId());
        assertThat(ids(attribute(LookupAttributeKey.RESOURCE_NAME, "attributes-pat"))).contains(getUser.eventId());
        assertThat(ids(attribute(LookupAttributeKey.EVENT_SOURCE, "sts.amazonaws.com"))).contains(event.eventId());
        assertThat(ids(attribute(LookupAttributeKey.ACCESS_KEY_ID, key.accessKeyId()))).containsExactly(event.eventId());
        // several attributes are ANDed (an extension: AWS accepts one)
        assertThat(ids(attribute(LookupAttributeKey.EVENT_NAME, "GetUser"), attribute(LookupAttributeKey.RESOURCE_NAME, "attributes-pat"))).containsExactly(getUser.eventId());
        assertThat(ids(attribute(LookupAttributeKey.EVENT_NAME, "GetCallerIdentity"), attribute(LookupAttributeKey.USERNAME, "root"))).doesNotContain(event.eventId());
    }

    private List<String> ids(LookupAttribute... attributes)
    {
        return cloudTrail.lookupEventsPaginator(request -> request.lookupAttributes(attributes)).events().stream().map(Event::eventId).toList();
    }

    @Test
    public void timeRangesAndCategories()
    {
        Instant before = Instant.now().minusSeconds(2);
        String requestId = iam.getUser().responseMetadata().requestId();
        Event event = EventHistory.byRequestId(cloudTrail, LookupAttributeKey.EVENT_NAME, "GetUser", requestId);
        assertThat(cloudTrail.lookupEvents(request -> request.startTime(before).endTime(Instant.now().plusSeconds(2))).events()).extracting(Event::eventId).contains(event.eventId());
        assertThat(cloudTrail.lookupEvents(request -> request.startTime(before.minusSeconds(3600)).endTime(before.minusSeconds(1800))).events()).isEmpty();
        assertThat(cloudTrail.lookupEvents(request -> request.startTime(event.eventTime()).endTime(event.eventTime())).events()).extracting(Event::eventId).contains(event.eventId());
        assertThatThrownBy(() -> cloudTrail.lookupEvents(request -> request.startTime(Instant.now()).endTime(Instant.now().minusSeconds(60))))
                .isInstanceOf(InvalidTimeRangeException.class);

        assertThat(cloudTrail.lookupEvents(request -> request.eventCategory(EventCategory.INSIGHT)).events()).isEmpty();
        assertThatThrownBy(() -> cloudTrail.lookupEvents(request -> request.eventCategory(EventCategory.INSIGHT).lookupAttributes(attribute(LookupAttributeKey.USERNAME, "root"))))
                .isInstanceOf(InvalidLookupAttributesException.class);
        assertThatThrownBy(() -> cloudTrail.lookupEvents(request -> request.maxResults(51))).isInstanceOf(InvalidMaxResultsException.class);
        assertThatThrownBy(() -> cloudTrail.lookupEvents(request -> request.lookupAttributes(attribute(LookupAttributeKey.USERNAME, ""))))
                .isInstanceOf(InvalidLookupAttributesException.class);
    }

    @Test
    public void regionsAndAccountsAreSeparate()
    {
        AccessKey key = user("regions-quinn");
        AwsCredentialsProvider credentials = TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey());
        iam.putUserPolicy(request -> request.userName("regions-quinn").policyName("lookup")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:LookupEvents\",\"Resource\":\"*\"}]}"));
        try (CloudTrailClient west = server.cloudTrail(credentials, "us-west-2"); CloudTrailClient rootWest = server.cloudTrail(TestingCairnServer.rootCredentials(), "us-west-2");
                StsClient sts = server.sts(credentials)) {
            String westRequest = west.lookupEvents().responseMetadata().requestId();
            JsonNode westRecord = EventHistory.record(EventHistory.byRequestId(rootWest, LookupAttributeKey.USERNAME, "regions-quinn", westRequest));
            assertThat(westRecord.get("awsRegion").asText()).isEqualTo("us-west-2");
            // not in us-east-1's history
            assertThat(EventHistory.all(cloudTrail, LookupAttributeKey.USERNAME, "regions-quinn")).extracting(event -> EventHistory.record(event).get("requestID").asText())
                    .doesNotContain(westRequest);
            // global services record in us-east-1 whatever region the client uses
            String stsRequest = sts.getCallerIdentity().responseMetadata().requestId();
            assertThat(EventHistory.record(EventHistory.byRequestId(cloudTrail, LookupAttributeKey.USERNAME, "regions-quinn", stsRequest)).get("awsRegion").asText()).isEqualTo("us-east-1");
        }

        var other = server.createAccount();
        try (CloudTrailClient otherCloudTrail = server.cloudTrail(TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey()), "us-east-1")) {
            assertThat(otherCloudTrail.lookupEvents(request -> request.lookupAttributes(attribute(LookupAttributeKey.USERNAME, "regions-quinn"))).events()).isEmpty();
            assertThat(otherCloudTrail.lookupEventsPaginator(request -> request.maxResults(50)).events().stream())
                    .allSatisfy(event -> assertThat(EventHistory.record(event).get("recipientAccountId").asText()).isEqualTo(other.accountId()));
        }
    }

    @Test
    public void searchableWithinOneSecond()
    {
        for (int i = 0; i < 20; i++) {
            Instant called = Instant.now();
            String requestId = iam.getUser().responseMetadata().requestId();
            EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "GetUser", "the event of request " + requestId + " searchable within 1 s",
                    event -> EventHistory.record(event).get("requestID").asText().equals(requestId), Duration.ofSeconds(1));
            assertThat(Duration.between(called, Instant.now())).isLessThan(Duration.ofSeconds(2));
        }
    }
}
