package dev.cairn.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.core.console.ConsoleSignIn;
import dev.cairn.core.recorder.EventDescription;
import dev.cairn.core.recorder.EventType;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.model.EventCategory;
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
import java.util.UUID;

/**
 * CloudTrail records as Cairn's recorder writes them, turned into the events CloudTrail puts on the default bus, and
 * matched by rules as EventBridge would.
 */
class TestCloudTrailEvents
{
    private static final String ACCOUNT = "111122223333";
    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.250Z");
    // the rule of the issue: failed console sign-ins
    private static final EventPattern FAILED_SIGN_IN = EventPattern.parse("""
            {"detail": {"eventName": ["ConsoleLogin"], "responseElements": {"ConsoleLogin": ["Failure"]}}}""");

    private final Recorder recorder = new Recorder(new ServiceCatalog(Json.mapper()));

    private static UserIdentity alice()
    {
        return UserIdentity.of(new Principal(ACCOUNT, PrincipalType.IAM_USER, "AIDAALICE0000000000001", "arn:aws:iam::" + ACCOUNT + ":user/alice", "alice",
                "AKIAALICE00000000001"));
    }

    /** A console sign-in record as the console writes it. */
    private JsonNode signIn(boolean success)
    {
        EventDescription.Builder description = EventDescription.builder(NOW, "us-east-1", alice(), ConsoleSignIn.EVENT_SOURCE, ConsoleSignIn.EVENT_NAME,
                        EventType.AWS_CONSOLE_SIGN_IN)
                .source("192.0.2.10", Optional.of("Mozilla/5.0"), Optional.empty())
                .responseElements(Optional.of(Json.mapper().createObjectNode().put("ConsoleLogin", success ? "Success" : "Failure")))
                .additionalEventData(Json.mapper().createObjectNode().put("LoginTo", "https://console.example/").put("MobileVersion", "No").put("MFAUsed", "No"));
        if (!success) {
            description.error(Optional.empty(), "Failed authentication");
        }
        return record(description);
    }

    private JsonNode apiCall(String eventSource, String eventName, boolean readOnly)
    {
        return record(EventDescription.builder(NOW, "us-east-1", alice(), eventSource, eventName, EventType.AWS_API_CALL)
                .readOnly(readOnly)
                .source("192.0.2.10", Optional.of("aws-cli/2.15.0"), Optional.empty())
                .requestId("REQUEST0000000001"));
    }

    private JsonNode record(EventDescription.Builder description)
    {
        try {
            return Json.mapper().readTree(recorder.record(description.build()).json());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode event(JsonNode record)
    {
        return CloudTrailEvents.event(record).orElseThrow();
    }

    @Test
    void failedSignInIsMatchedByTheIssuesRule()
    {
        ObjectNode failed = event(signIn(false));
        ObjectNode succeeded = event(signIn(true));

        assertThat(FAILED_SIGN_IN.matches(failed.toString())).isTrue();
        assertThat(FAILED_SIGN_IN.matches(succeeded.toString())).isFalse();

        EventRules rules = new EventRules();
        rules.put("arn:aws:events:us-east-1:" + ACCOUNT + ":rule/failed-sign-in", FAILED_SIGN_IN);
        rules.put("arn:aws:events:us-east-1:" + ACCOUNT + ":rule/sign-in", EventPattern.parse("""
                {"source": ["aws.signin"], "detail-type": ["AWS Console Sign In via CloudTrail"]}"""));
        assertThat(rules.matchingRules(failed)).containsExactlyInAnyOrder(
                "arn:aws:events:us-east-1:" + ACCOUNT + ":rule/failed-sign-in", "arn:aws:events:us-east-1:" + ACCOUNT + ":rule/sign-in");
        assertThat(rules.matchingRules(succeeded)).containsExactly("arn:aws:events:us-east-1:" + ACCOUNT + ":rule/sign-in");
    }

    @Test
    void signInEventWrapsTheRecord()
    {
        JsonNode record = signIn(false);
        ObjectNode event = event(record);

        List<String> fields = new ArrayList<>();
        event.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail");
        assertThat(event.get("version").asText()).isEqualTo("0");
        assertThat(event.get("detail-type").asText()).isEqualTo("AWS Console Sign In via CloudTrail");
        assertThat(event.get("source").asText()).isEqualTo("aws.signin");
        assertThat(event.get("account").asText()).isEqualTo(ACCOUNT);
        assertThat(event.get("time").asText()).isEqualTo("2026-12-01T10:15:30Z");
        assertThat(event.get("region").asText()).isEqualTo("us-east-1");
        assertThat(event.get("resources").isArray()).isTrue();
        assertThat(event.get("resources")).isEmpty();
        assertThat(event.get("detail")).isEqualTo(record).isNotSameAs(record);
        assertThat(CloudTrailEvents.readOnlyManagementEvent(record)).isFalse();
    }

    @Test
    void idIsTheSameForEveryDeliveryOfARecord()
    {
        JsonNode record = signIn(false);
        String id = event(record).get("id").asText();

        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(id).isNotEqualTo(record.get("eventID").asText());
        assertThat(event(record.deepCopy()).get("id").asText()).isEqualTo(id);
        assertThat(CloudTrailEvents.eventId(record.get("eventID").asText())).isEqualTo(id);
        // another record, another id
        assertThat(event(signIn(false)).get("id").asText()).isNotEqualTo(id);
    }

    @Test
    void apiCallIsMatchedByAwsDocumentedPattern()
    {
        JsonNode record = apiCall("cloudtrail.amazonaws.com", "StopLogging", false);
        ObjectNode event = event(record);

        assertThat(event.get("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
        assertThat(event.get("source").asText()).isEqualTo("aws.cloudtrail");
        // the pattern of the EventBridge Events Reference, "AWS CloudTrail events"
        assertThat(EventPattern.parse("""
                {"source": ["aws.cloudtrail"], "detail-type": ["AWS API Call via CloudTrail"], \
                "detail": {"eventSource": ["cloudtrail.amazonaws.com"], "eventName": ["StopLogging", "DeleteTrail"]}}""")
                .matches(event.toString())).isTrue();
        assertThat(EventPattern.parse("""
                {"source": ["aws.cloudtrail"], "detail-type": ["AWS API Call via CloudTrail"], \
                "detail": {"eventSource": ["cloudtrail.amazonaws.com"], "eventName": ["StartLogging"]}}""")
                .matches(event.toString())).isFalse();
        // a rule on the caller, as rules on root activity are written
        assertThat(EventPattern.parse("""
                {"detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"], "detail": {"userIdentity": {"type": ["IAMUser"]}}}""")
                .matches(event.toString())).isTrue();
    }

    @Test
    void readOnlyManagementEventsAreTold()
    {
        assertThat(CloudTrailEvents.readOnlyManagementEvent(apiCall("iam.amazonaws.com", "GetUser", true))).isTrue();
        assertThat(CloudTrailEvents.readOnlyManagementEvent(apiCall("iam.amazonaws.com", "CreateUser", false))).isFalse();
        JsonNode dataEvent = record(EventDescription.builder(NOW, "us-east-1", alice(), "s3.amazonaws.com", "GetObject", EventType.AWS_API_CALL)
                .category(EventCategory.DATA)
                .readOnly(true)
                .source("192.0.2.10", Optional.of("aws-cli/2.15.0"), Optional.empty()));
        assertThat(CloudTrailEvents.readOnlyManagementEvent(dataEvent)).isFalse();
        assertThat(event(dataEvent).get("source").asText()).isEqualTo("aws.s3");
    }

    @Test
    void sourceIsTheServiceOfTheEventSource()
    {
        assertThat(CloudTrailEvents.source("iam.amazonaws.com")).isEqualTo("aws.iam");
        assertThat(CloudTrailEvents.source("sts.amazonaws.com")).isEqualTo("aws.sts");
        assertThat(CloudTrailEvents.source("signin.amazonaws.com")).isEqualTo("aws.signin");
        assertThat(CloudTrailEvents.source("organizations.amazonaws.com")).isEqualTo("aws.organizations");
        assertThat(CloudTrailEvents.source("monitoring.amazonaws.com")).isEqualTo("aws.monitoring");
        assertThatThrownBy(() -> CloudTrailEvents.source("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudTrailEvents.source(".amazonaws.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void detailTypeFollowsTheEventType()
    {
        assertThat(CloudTrailEvents.detailType("AwsApiCall")).contains("AWS API Call via CloudTrail");
        assertThat(CloudTrailEvents.detailType("AwsConsoleSignIn")).contains("AWS Console Sign In via CloudTrail");
        assertThat(CloudTrailEvents.detailType("AwsConsoleAction")).contains("AWS Console Action via CloudTrail");
        assertThat(CloudTrailEvents.detailType("AwsServiceEvent")).contains("AWS Service Event via CloudTrail");
        assertThat(CloudTrailEvents.detailType("AwsCloudTrailInsight")).isEmpty();

        ObjectNode insight = signIn(false).deepCopy();
        insight.put("eventType", "AwsCloudTrailInsight");
        assertThat(CloudTrailEvents.event(insight)).isEmpty();
    }

    @Test
    void refusesARecordWithoutTheFieldsOfAnEvent()
    {
        ObjectNode record = signIn(false).deepCopy();
        record.remove("recipientAccountId");
        assertThatThrownBy(() -> CloudTrailEvents.event(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("record has no recipientAccountId");
    }
}
