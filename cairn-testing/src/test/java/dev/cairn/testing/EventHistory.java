package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reading event history in tests: every event of a query, and polling until one appears.
 */
final class EventHistory
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventHistory() {}

    static List<Event> all(CloudTrailClient cloudTrail, LookupAttributeKey key, String value)
    {
        return cloudTrail.lookupEventsPaginator(request -> request.lookupAttributes(LookupAttribute.builder().attributeKey(key).attributeValue(value).build()))
                .events().stream().toList();
    }

    static JsonNode record(Event event)
    {
        try {
            return JSON.readTree(event.cloudTrailEvent());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls (every 20 ms, up to {@code timeout}) until an event of the query matches; fails naming {@code awaited}
     * if none does.
     */
    static Event await(CloudTrailClient cloudTrail, LookupAttributeKey key, String value, String awaited, Predicate<Event> matching, Duration timeout)
    {
        return Poll.until(awaited + " (" + key + "=" + value + ")", timeout, Duration.ofMillis(20),
                        () -> cloudTrail.lookupEvents(request -> request.lookupAttributes(LookupAttribute.builder().attributeKey(key).attributeValue(value).build()))
                                .events().stream().filter(matching).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** The event recording the request with this id. */
    static Event byRequestId(CloudTrailClient cloudTrail, LookupAttributeKey key, String value, String requestId)
    {
        return await(cloudTrail, key, value, "an event with requestID " + requestId, event -> record(event).path("requestID").asText().equals(requestId),
                Duration.ofSeconds(5));
    }
}
