package dev.cairn.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.EventCodec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The journal entry of an event from outside AWS: the record CloudTrail Lake keeps for it, and the entry's
 * attributes.
 */
public class TestAuditEventEntries
{
    private static final String CHANNEL_ARN = "arn:aws:cloudtrail:us-east-1:" + TestAuditEvent.OWNER + ":channel/0a1b2c3d-1111-4222-8333-944455556666";
    private static final String EVENT_ID = "5d5c8b1c-5d17-4c44-9a4a-0f4a5f0a6b7c";

    @Test
    public void theRecordHasCloudTrailsFieldsAndTheDataAsGiven()
            throws IOException
    {
        // spacing and member order as the caller wrote them
        String data = "{ \"custom\" : \"first\",\n" + TestAuditEvent.example().toString().substring(1);
        AuditEvent event = ((AuditEvent.Accepted) AuditEvent.check(data, Optional.empty(), TestAuditEvent.OWNER)).event();
        EventRecord entry = AuditEventEntries.entry(event, CHANNEL_ARN, "us-east-1", EVENT_ID, Instant.parse("2026-12-03T10:00:00.250Z"));

        JsonNode record = Json.mapper().readTree(entry.json());
        assertThat(record.properties().stream().map(java.util.Map.Entry::getKey).toList()).containsExactly(
                "eventVersion", "eventCategory", "eventType", "eventID", "eventTime", "awsRegion", "recipientAccountId", "metadata", "eventData");
        assertThat(record.path("eventVersion").asText()).isEqualTo(AuditEventEntries.EVENT_VERSION);
        assertThat(record.path("eventCategory").asText()).isEqualTo("ActivityAuditLog");
        assertThat(record.path("eventType").asText()).isEqualTo("ActivityLog");
        assertThat(record.path("eventID").asText()).isEqualTo(EVENT_ID);
        assertThat(record.path("eventTime").asText()).isEqualTo("2021-10-27T12:13:14Z");
        assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(record.path("recipientAccountId").asText()).isEqualTo(TestAuditEvent.OWNER);
        assertThat(record.path("metadata").path("ingestionTime").asText()).isEqualTo("2026-12-03T10:00:00Z");
        assertThat(record.path("metadata").path("channelARN").asText()).isEqualTo(CHANNEL_ARN);
        assertThat(record.path("eventData")).isEqualTo(Json.mapper().readTree(data));
        assertThat(new String(entry.json(), StandardCharsets.UTF_8)).contains("\"eventData\":" + data);

        assertThat(entry.category()).isEqualTo(EventCategory.ACTIVITY_AUDIT_LOG);
        assertThat(entry.region()).isEqualTo("us-east-1");
        assertThat(entry.accountId()).isEqualTo(TestAuditEvent.OWNER);
        assertThat(entry.eventTime()).isEqualTo(Instant.parse("2021-10-27T12:13:14Z"));
        assertThat(entry.eventId()).isEqualTo(EVENT_ID);
        assertThat(entry.eventName()).isEqualTo("eventName");
        assertThat(entry.eventSource()).isEqualTo("eventSource");
        assertThat(entry.readOnly()).isFalse();
        assertThat(entry.username()).isEmpty();
        assertThat(entry.accessKeyId()).isEmpty();
        assertThat(entry.resources()).isEmpty();
        assertThat(AuditEventEntries.channelArn(entry)).isEqualTo(CHANNEL_ARN);
    }

    @Test
    public void theEntryKeepsItsCategoryInTheJournalsEncoding()
    {
        String data = TestAuditEvent.example().toString();
        AuditEvent event = ((AuditEvent.Accepted) AuditEvent.check(data, Optional.empty(), TestAuditEvent.OWNER)).event();
        EventRecord entry = AuditEventEntries.entry(event, CHANNEL_ARN, "us-east-1", EVENT_ID, Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(EventCodec.decode(EventCodec.encode(entry))).isEqualTo(entry);
        assertThat(EventCategory.fromRecordName("ActivityAuditLog")).isEqualTo(EventCategory.ACTIVITY_AUDIT_LOG);
        // stored values of the older categories read as before
        assertThat(List.of(EventCategory.values()).subList(0, 3)).containsExactly(EventCategory.MANAGEMENT, EventCategory.DATA, EventCategory.INSIGHT);
    }

    @Test
    public void onlyExternalEventsHaveAChannel()
    {
        EventRecord management = new EventRecord("us-east-1", TestAuditEvent.OWNER, Instant.EPOCH, EVENT_ID, "GetChannel", "cloudtrail.amazonaws.com", true,
                Optional.empty(), Optional.empty(), EventCategory.MANAGEMENT, List.of(), "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AuditEventEntries.channelArn(management)).isInstanceOf(IllegalArgumentException.class);
    }
}
