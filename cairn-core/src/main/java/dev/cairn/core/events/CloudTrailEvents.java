package dev.cairn.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The EventBridge events CloudTrail puts on an account's default event bus, made from the CloudTrail records Cairn
 * writes. An event is the record wrapped as AWS wraps it:
 * <pre>{@code
 * {"version": "0", "id": ..., "detail-type": "AWS API Call via CloudTrail", "source": "aws.iam",
 *  "account": <recipientAccountId>, "time": <eventTime>, "region": <awsRegion>, "resources": [], "detail": <the record>}
 * }</pre>
 * The {@code id} is a name-based UUID of the record's {@code eventID}, so that an event delivered again keeps its
 * id. The {@code detail-type} follows the record's {@code eventType} (EventBridge User Guide, "AWS service events
 * delivered via AWS CloudTrail"): {@code AwsApiCall} is {@value #API_CALL}, {@code AwsConsoleSignIn}
 * {@value #CONSOLE_SIGN_IN}, {@code AwsConsoleAction} {@value #CONSOLE_ACTION} and {@code AwsServiceEvent}
 * {@value #SERVICE_EVENT}. That guide spells the sign-in type "AWS Console Signin via CloudTrail", but the events
 * AWS sends say "AWS Console Sign In via CloudTrail", as sample events and the rules written for them show. The
 * {@code source} is
 * {@code aws.} and the {@code eventSource} before {@code .amazonaws.com} ({@code signin.amazonaws.com} is
 * {@code aws.signin}), as the EventBridge Events Reference lists each service's source.
 * <p>
 * What AWS does not send, and so neither should Cairn:
 * <ul>
 * <li>nothing without a trail that is logging: "To record events with one of the CloudTrail detail-type values, you
 *     must enable a CloudTrail trail with logging" (same guide); data events only when a trail logs them ("When using
 *     CloudTrail with Amazon S3, you need to configure CloudTrail to log data events"). Those are the caller's to
 *     check: this class knows no trails.
 * <li>read-only management events go to the bus, but only rules in state
 *     {@code ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS} match them: an {@code ENABLED} rule matches events
 *     "except for read-only AWS management events delivered through CloudTrail" (EventBridge User Guide, "Receiving
 *     read-only management events from AWS services"; the events model's doc of PutRule's {@code State} leaves out
 *     "read-only"). See {@link #readOnlyManagementEvent}.
 * <li>records of another {@code eventType} (Insights events, network activity events; Cairn writes neither): no
 *     event, {@link #event} answers empty.
 * <li>an event over EventBridge's 256 KB: the same guide says events of Put*Events calls over 256 KB cannot be used;
 *     the size is the caller's to check.
 * </ul>
 * A record recorded in two accounts (Cairn writes one record for each) is an event on each account's bus.
 * Stateless and thread-safe.
 */
public final class CloudTrailEvents
{
    public static final String API_CALL = "AWS API Call via CloudTrail";
    public static final String CONSOLE_SIGN_IN = "AWS Console Sign In via CloudTrail";
    public static final String CONSOLE_ACTION = "AWS Console Action via CloudTrail";
    public static final String SERVICE_EVENT = "AWS Service Event via CloudTrail";

    private static final Map<String, String> DETAIL_TYPES = Map.of(
            "AwsApiCall", API_CALL,
            "AwsConsoleSignIn", CONSOLE_SIGN_IN,
            "AwsConsoleAction", CONSOLE_ACTION,
            "AwsServiceEvent", SERVICE_EVENT);
    private static final String EVENT_SOURCE_SUFFIX = ".amazonaws.com";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CloudTrailEvents() {}

    /**
     * The event CloudTrail puts on the bus for a record, or empty for a record of an {@code eventType} that AWS
     * sends no event for. The event holds a copy of the record.
     *
     * @param record a CloudTrail record, as in a log file's {@code Records}
     * @throws IllegalArgumentException when the record lacks a field the event needs
     */
    public static Optional<ObjectNode> event(JsonNode record)
    {
        Optional<String> detailType = detailType(text(record, "eventType"));
        if (detailType.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode event = NODES.objectNode();
        event.put("version", "0");
        event.put("id", eventId(text(record, "eventID")));
        event.put("detail-type", detailType.get());
        event.put("source", source(text(record, "eventSource")));
        event.put("account", text(record, "recipientAccountId"));
        event.put("time", text(record, "eventTime"));
        event.put("region", text(record, "awsRegion"));
        event.putArray("resources");
        event.set("detail", record.deepCopy());
        return Optional.of(event);
    }

    /** The {@code detail-type} of a record's {@code eventType}; empty for those AWS sends no event for. */
    public static Optional<String> detailType(String eventType)
    {
        return Optional.ofNullable(DETAIL_TYPES.get(eventType));
    }

    /**
     * The event's {@code source} for a record's {@code eventSource}: {@code iam.amazonaws.com} is {@code aws.iam}.
     *
     * @throws IllegalArgumentException for an event source that is not {@code <service>.amazonaws.com}
     */
    public static String source(String eventSource)
    {
        if (!eventSource.endsWith(EVENT_SOURCE_SUFFIX) || eventSource.length() == EVENT_SOURCE_SUFFIX.length()) {
            throw new IllegalArgumentException("not an AWS event source: " + eventSource);
        }
        return "aws." + eventSource.substring(0, eventSource.length() - EVENT_SOURCE_SUFFIX.length());
    }

    /**
     * The event's {@code id} for a record's {@code eventID}: the same for every delivery of the record, and not the
     * record's own id (AWS's events carry ids of their own). A name-based (MD5, version 3) UUID of the eventID.
     */
    public static String eventId(String recordEventId)
    {
        return UUID.nameUUIDFromBytes(("cairn:events:" + recordEventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Whether the record is a read-only management event, which EventBridge matches only against rules in state
     * {@code ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS}.
     */
    public static boolean readOnlyManagementEvent(JsonNode record)
    {
        return record.path("readOnly").asBoolean(false) && record.path("managementEvent").asBoolean(false);
    }

    private static String text(JsonNode record, String field)
    {
        JsonNode value = record.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("record has no " + field);
        }
        return value.asText();
    }
}
