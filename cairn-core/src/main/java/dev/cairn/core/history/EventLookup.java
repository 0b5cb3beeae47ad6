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
import dev.cairn.model.RecordFields;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /**
     * Cairn's extension: AWS accepts one lookup attribute, Cairn ANDs up to this many (enough for one of each
     * attribute key, with a few resource names).
     */
    public static final int MAXIMUM_LOOKUP_ATTRIBUTES = 10;
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
        return lookup(call, ConsoleOptions.NONE);
    }

    /**
     * What only the console asks of a lookup, beyond the API's members.
     *
     * @param errorsOnly only events with an {@code errorCode}
     * @param summary answer with a {@code Summary} (count, histogram, most frequent values) instead of a page of events
     */
    public record ConsoleOptions(boolean errorsOnly, boolean summary)
    {
        public static final ConsoleOptions NONE = new ConsoleOptions(false, false);
    }

    /** How many of the newest matching events the summary's most-frequent lists are counted over. */
    public static final int SUMMARY_SAMPLE = 5_000;
    private static final int TOP_VALUES = 5;
    private static final long[] BUCKET_SECONDS = {60, 300, 900, 1_800, 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600, 86_400};
    private static final int MAXIMUM_BUCKETS = 96;

    public ObjectNode lookup(CallContext call, ConsoleOptions options)
            throws IOException
    {
        ObjectNode input = call.input();
        EventCategory category = input.hasNonNull("EventCategory") ? EventCategory.INSIGHT : EventCategory.MANAGEMENT;

        if (input.path("LookupAttributes").size() > MAXIMUM_LOOKUP_ATTRIBUTES) {
            throw new CairnException(ErrorCode.INVALID_LOOKUP_ATTRIBUTES, "At most " + MAXIMUM_LOOKUP_ATTRIBUTES + " lookup attributes can be combined (Cairn's extension; "
                    + "AWS accepts one), not " + input.path("LookupAttributes").size() + ".");
        }
        List<HistoryQuery.Filter> filters = new ArrayList<>();
        for (JsonNode attribute : input.path("LookupAttributes")) {
            LookupAttribute key = LookupAttribute.fromAwsName(attribute.path("AttributeKey").asText())
                    .orElseThrow(() -> new CairnException(ErrorCode.INVALID_LOOKUP_ATTRIBUTES, "Unknown attribute key " + attribute.path("AttributeKey").asText()));
            if (category == EventCategory.INSIGHT && !INSIGHT_ATTRIBUTES.contains(key)) {
                throw new CairnException(ErrorCode.INVALID_LOOKUP_ATTRIBUTES, "Insights events can be looked up only by EventId, EventName or EventSource.");
            }
            filters.add(new HistoryQuery.Filter(key, attribute.path("AttributeValue").asText()));
        }
        if (options.errorsOnly()) {
            filters.add(new HistoryQuery.Filter(LookupAttribute.ERROR_CODE, LookupAttribute.ANY_ERROR));
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

        if (options.summary()) {
            // no event is newer than now: a range ending later would only add empty buckets
            Instant summaryEnd = end.isAfter(now) ? now : end;
            return summary(new HistoryQuery(call.accountId(), call.region(), category, filters, start, summaryEnd, SUMMARY_SAMPLE, Optional.empty()));
        }
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

    /**
     * {@code {"Summary": {"Count", "Histogram": {"StartTime", "BucketSeconds", "Counts"}, "Top": {"EventName",
     * "Username", "ErrorCode": [{"Value", "Count"}]}, "TopOf"}}}: the count and histogram cover every matching event;
     * the most frequent values are counted over the newest {@value #SUMMARY_SAMPLE} ({@code TopOf} says how many).
     */
    private ObjectNode summary(HistoryQuery query)
            throws IOException
    {
        ObjectNode output = NODES.objectNode();
        ObjectNode summary = output.putObject("Summary");
        long seconds = Math.max(0, query.endTime().getEpochSecond() - query.startTime().getEpochSecond());
        long bucket = BUCKET_SECONDS[BUCKET_SECONDS.length - 1];
        for (long candidate : BUCKET_SECONDS) {
            if (seconds / candidate < MAXIMUM_BUCKETS) {
                bucket = candidate;
                break;
            }
        }
        long[] counts = query.startTime().isAfter(query.endTime()) ? new long[0] : history.histogram(query, bucket);
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        summary.put("Count", total);
        ObjectNode histogram = summary.putObject("Histogram");
        histogram.put("StartTime", query.startTime().getEpochSecond());
        histogram.put("BucketSeconds", bucket);
        ArrayNode countsNode = histogram.putArray("Counts");
        for (long count : counts) {
            countsNode.add(count);
        }

        List<JournalEntry> sample = counts.length == 0 ? List.of() : history.lookup(query).events();
        Map<String, Map<String, Long>> tallies = new LinkedHashMap<>();
        for (String facet : List.of("EventName", "Username", "ErrorCode")) {
            tallies.put(facet, new HashMap<>());
        }
        for (JournalEntry entry : sample) {
            EventRecord event = entry.event();
            tallies.get("EventName").merge(event.eventName(), 1L, Long::sum);
            event.username().ifPresent(user -> tallies.get("Username").merge(user, 1L, Long::sum));
            RecordFields.topLevelString(event.json(), "errorCode").ifPresent(code -> tallies.get("ErrorCode").merge(code, 1L, Long::sum));
        }
        ObjectNode top = summary.putObject("Top");
        tallies.forEach((facet, tally) -> {
            ArrayNode values = top.putArray(facet);
            tally.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(TOP_VALUES)
                    .forEach(value -> values.addObject().put("Value", value.getKey()).put("Count", value.getValue()));
        });
        summary.put("TopOf", sample.size());
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

    /** Binds a NextToken to its query: the filters include the console's own (errors only), so a token serves one search. */
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
