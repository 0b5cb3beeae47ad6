package dev.cairn.core.lake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The journal entries of events from outside AWS: what PutAuditEvents appends, in its call's batch, for each event it
 * accepts, and what CloudTrail Lake's ingestion reads to write the event to the channel's destination stores. The
 * entry's JSON is the record the Lake keeps for such an event, the fields "CloudTrail Lake integrations event
 * schema" says CloudTrail adds after ingestion, in its order:
 *
 * <pre>{@code
 * {"eventVersion", "eventCategory": "ActivityAuditLog", "eventType": "ActivityLog", "eventID", "eventTime",
 *  "awsRegion", "recipientAccountId", "metadata": {"ingestionTime", "channelARN"}, "eventData": {...}}
 * }</pre>
 *
 * <p>{@code eventData} is the caller's event exactly as given (its JSON object, byte for byte); {@code eventTime} is
 * its {@code eventTime}, to the second; {@code awsRegion} the region of the call; {@code recipientAccountId} the
 * channel owner's account, which the data's {@code recipientAccountId} must name; {@code ingestionTime} the time the
 * call was received. The entry's category is {@link EventCategory#ACTIVITY_AUDIT_LOG}, which event history, trails
 * and the event bus never take; its {@code eventName} and {@code eventSource} are the data's; it is not read-only and
 * has no user, access key or resources.
 */
public final class AuditEventEntries
{
    /**
     * The record's {@code eventVersion}. The documentation states the field but not its value for these events; this
     * is Cairn's choice.
     */
    public static final String EVENT_VERSION = "1.0";
    public static final String EVENT_TYPE = "ActivityLog";

    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    private AuditEventEntries() {}

    /**
     * The journal entry of an accepted event.
     *
     * @param channelArn the channel the event came through
     * @param region the region of the PutAuditEvents call
     * @param eventId the {@code eventID} CloudTrail assigns (PutAuditEvents returns it)
     * @param ingestionTime when the call was received
     */
    public static EventRecord entry(AuditEvent event, String channelArn, String region, String eventId, Instant ingestionTime)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(event.eventData().length() + 512);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("eventVersion", EVENT_VERSION);
            json.writeStringField("eventCategory", EventCategory.ACTIVITY_AUDIT_LOG.recordName());
            json.writeStringField("eventType", EVENT_TYPE);
            json.writeStringField("eventID", eventId);
            json.writeStringField("eventTime", DateTimeFormatter.ISO_INSTANT.format(event.eventTime()));
            json.writeStringField("awsRegion", region);
            json.writeStringField("recipientAccountId", event.recipientAccountId());
            json.writeObjectFieldStart("metadata");
            json.writeStringField("ingestionTime", DateTimeFormatter.ISO_INSTANT.format(ingestionTime.truncatedTo(ChronoUnit.SECONDS)));
            json.writeStringField("channelARN", channelArn);
            json.writeEndObject();
            json.writeFieldName("eventData");
            // checked to be one JSON object: kept as the caller sent it
            json.writeRawValue(event.eventData());
            json.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EventRecord(region, event.recipientAccountId(), event.eventTime(), eventId, event.eventName(), event.eventSource(), false,
                Optional.empty(), Optional.empty(), EventCategory.ACTIVITY_AUDIT_LOG, List.of(), bytes.toByteArray());
    }

    /** The channel an {@code ActivityAuditLog} entry came through ({@code metadata.channelARN}): where the Lake sends it. */
    public static String channelArn(EventRecord entry)
    {
        if (entry.category() != EventCategory.ACTIVITY_AUDIT_LOG) {
            throw new IllegalArgumentException("not an event from outside AWS: " + entry);
        }
        try {
            JsonNode record = Json.mapper().readTree(entry.json());
            return record.path("metadata").path("channelARN").asText();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
