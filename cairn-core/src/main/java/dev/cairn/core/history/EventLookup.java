package dev.cairn.core.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.InputValidator;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.model.LookupAttribute;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.EventHistory;
import dev.cairn.spi.HistoryPage;
import dev.cairn.spi.HistoryQuery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * LookupEvents semantics over {@link EventHistory}: defaults and limits of the time range, the attributes allowed
 * per event category, and NextTokens bound to their query.
 */
public final class EventLookup
{
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_MAX_RESULTS = 50;
    private static final Set<LookupAttribute> INSIGHT_ATTRIBUTES = EnumSet.of(LookupAttribute.EVENT_ID, LookupAttribute.EVENT_NAME, LookupAttribute.EVENT_SOURCE);

    private final EventHistory history;
    private final Clock clock;
    private final Duration retention;

    public EventLookup(EventHistory history, Clock clock, Duration retention)
    {
        this.history = requireNonNull(history, "history is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.retention = requireNonNull(retention, "retention is null");
    }

    public ObjectNode lookup(CallContext call)
            throws IOException
    {
        ObjectNode input = call.input();
        EventCategory category = input.hasNonNull("EventCategory") ? EventCategory.INSIGHT : EventCategory.MANAGEMENT;

        List<HistoryQuery.Filter> filters = new ArrayList<>();
        for (JsonNode attribute : input.path("LookupAttributes")) {
            LookupAttribute key = LookupAttribute.fromAwsName(attribute.path("AttributeKey").asText())
                    .orElseThrow(() -> new CairnException(ErrorCode.INVALID_LOOKUP_ATTRIBUTES, "Unknown attribute key " + attribute.path("AttributeKey").asText()));
            if (category == EventCategory.INSIGHT && !INSIGHT_ATTRIBUTES.contains(key)) {
                throw new CairnException(ErrorCode.INVALID_LOOKUP_ATTRIBUTES, "Insights events can be looked up only by EventId, EventName or EventSource.");
            }
            filters.add(new HistoryQuery.Filter(key, attribute.path("AttributeValue").asText()));
        }

        Instant now = clock.instant();
        Instant oldest = now.minus(retention);
        Optional<Instant> requestedStart = optionalInstant(input, "StartTime");
        Optional<Instant> requestedEnd = optionalInstant(input, "EndTime");
        if (requestedStart.isPresent() && requestedEnd.isPresent() && requestedStart.get().isAfter(requestedEnd.get())) {
            throw new CairnException(ErrorCode.INVALID_TIME_RANGE, "Start time must be before end time.");
        }
        Instant start = requestedStart.filter(time -> time.isAfter(oldest)).orElse(oldest);
        Instant end = requestedEnd.orElse(now);

        String fingerprint = fingerprint(call, category, filters, requestedStart, requestedEnd);
        Optional<HistoryQuery.Cursor> after = Optional.empty();
        if (input.hasNonNull("NextToken")) {
            NextToken token = NextToken.decode(input.get("NextToken").asText())
                    .filter(decoded -> decoded.queryFingerprint().equals(fingerprint))
                    .orElseThrow(() -> new CairnException(ErrorCode.INVALID_NEXT_TOKEN, "Invalid NextToken: it must be used with the same parameters as the request that returned it."));
            after = Optional.of(token.cursor());
        }
        int maxResults = input.has("MaxResults") ? input.get("MaxResults").asInt() : DEFAULT_MAX_RESULTS;

        ObjectNode output = NODES.objectNode();
        ArrayNode events = output.putArray("Events");
        if (start.isAfter(end)) {
            return output;
        }
        HistoryPage page = history.lookup(new HistoryQuery(call.accountId(), call.region(), category, filters, start, end, maxResults, after));
        for (JournalEntry entry : page.events()) {
            events.add(event(entry.event()));
        }
        if (page.more()) {
            JournalEntry last = page.events().get(page.events().size() - 1);
            output.put("NextToken", NextToken.after(fingerprint, new HistoryQuery.Cursor(last.event().eventTime(), last.position())).encode());
        }
        return output;
    }

    private static ObjectNode event(EventRecord record)
    {
        ObjectNode event = NODES.objectNode();
        event.put("EventId", record.eventId());
        event.put("EventName", record.eventName());
        event.put("ReadOnly", Boolean.toString(record.readOnly()));
        record.accessKeyId().ifPresent(key -> event.put("AccessKeyId", key));
        event.put("EventTime", record.eventTime().getEpochSecond());
        event.put("EventSource", record.eventSource());
        record.username().ifPresent(user -> event.put("Username", user));
        ArrayNode resources = event.putArray("Resources");
        for (LookupResource resource : record.resources()) {
            ObjectNode node = resources.addObject();
            node.put("ResourceType", resource.type());
            node.put("ResourceName", resource.name());
        }
        // the record as a string: its stored bytes, escaped once (see JsonStringBytes)
        event.putRawValue("CloudTrailEvent", new RawValue(new JsonStringBytes(record.json())));
        return event;
    }

    private static Optional<Instant> optionalInstant(ObjectNode input, String member)
    {
        return input.hasNonNull(member) ? Optional.of(InputValidator.instant(input.get(member))) : Optional.empty();
    }

    private static String fingerprint(CallContext call, EventCategory category, List<HistoryQuery.Filter> filters, Optional<Instant> start, Optional<Instant> end)
    {
        StringBuilder text = new StringBuilder();
        text.append(call.accountId()).append('\n').append(call.region()).append('\n').append(category).append('\n');
        for (HistoryQuery.Filter filter : filters) {
            text.append(filter.attribute()).append('=').append(filter.attribute().normalize(filter.value())).append('\n');
        }
        text.append(start.map(Instant::toString).orElse("-")).append('\n').append(end.map(Instant::toString).orElse("-"));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
