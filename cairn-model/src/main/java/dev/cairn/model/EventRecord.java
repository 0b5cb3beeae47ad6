package dev.cairn.model;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One CloudTrail event as the journal stores it: the record's JSON exactly as it will be delivered,
 * plus the attributes event history searches on (copied out of the record so that stores need not parse it).
 *
 * @param region the region the event is recorded in ({@code awsRegion})
 * @param accountId the account whose history holds the event ({@code recipientAccountId})
 * @param eventTime the record's {@code eventTime} (whole seconds)
 * @param eventId the record's {@code eventID}
 * @param eventName the record's {@code eventName}
 * @param eventSource the record's {@code eventSource}
 * @param readOnly the record's {@code readOnly}
 * @param username the {@code Username} LookupEvents reports; empty for events without a user
 * @param accessKeyId the access key used; empty when none
 * @param category the record's {@code eventCategory}
 * @param resources the resources LookupEvents reports for the event
 * @param json the record, UTF-8 JSON
 */
public record EventRecord(
        String region,
        String accountId,
        Instant eventTime,
        String eventId,
        String eventName,
        String eventSource,
        boolean readOnly,
        Optional<String> username,
        Optional<String> accessKeyId,
        EventCategory category,
        List<LookupResource> resources,
        byte[] json)
{
    public EventRecord
    {
        requireNonNull(region, "region is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(eventId, "eventId is null");
        requireNonNull(eventName, "eventName is null");
        requireNonNull(eventSource, "eventSource is null");
        requireNonNull(username, "username is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(category, "category is null");
        resources = List.copyOf(resources);
        requireNonNull(json, "json is null");
    }

    public String jsonText()
    {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof EventRecord other
                && region.equals(other.region)
                && accountId.equals(other.accountId)
                && eventTime.equals(other.eventTime)
                && eventId.equals(other.eventId)
                && eventName.equals(other.eventName)
                && eventSource.equals(other.eventSource)
                && readOnly == other.readOnly
                && username.equals(other.username)
                && accessKeyId.equals(other.accessKeyId)
                && category == other.category
                && resources.equals(other.resources)
                && java.util.Arrays.equals(json, other.json);
    }

    @Override
    public int hashCode()
    {
        return eventId.hashCode();
    }

    @Override
    public String toString()
    {
        return "EventRecord{" + eventId + " " + eventSource + " " + eventName + " " + region + " " + eventTime + "}";
    }
}
