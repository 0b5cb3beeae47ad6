package dev.cairn.core.ops.logs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.LogStream;
import dev.cairn.core.logs.filter.FilterPattern;
import dev.cairn.core.logs.filter.InvalidFilterPatternException;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.LogEventCursor;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.StoredLogEvent;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A log group's events that match a filter pattern, its streams interleaved in time order ({@code interleaved} is
 * what CloudWatch Logs has always done since 2019), within {@code [startTime, endTime]} (both inclusive), of the
 * streams named or of those with a prefix, paged by {@code nextToken}. As CloudWatch Logs, a page may hold fewer
 * events than {@code limit}, even none, and still have a {@code nextToken}: a call examines at most
 * {@value #SCAN_BUDGET} events, so that a rare pattern over a large group answers promptly. {@code eventId}s are
 * unique in the group: {@code aws logs tail} tells events apart by them.
 */
public final class FilterLogEvents
        implements ReadOperation, LogEventsDataEvent
{
    static final int SCAN_BUDGET = 100_000;
    private static final int SCAN_PAGE = 1_000;

    private final LogEvents logEvents;

    public FilterLogEvents(LogEvents logEvents)
    {
        this.logEvents = requireNonNull(logEvents, "logEvents is null");
    }

    @Override
    public String name()
    {
        return "FilterLogEvents";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Logs.requireOneGroupIdentifier(call);
        if (call.input().hasNonNull("logStreamNames") && call.input().hasNonNull("logStreamNamePrefix")) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Cannot specify both logStreamNames and logStreamNamePrefix.");
        }
        FilterPattern pattern;
        try {
            pattern = FilterPattern.parse(Logs.optionalText(call, "filterPattern").orElse(""));
        }
        catch (InvalidFilterPatternException e) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Invalid filter pattern: " + e.getMessage());
        }
        Optional<LogEventTokens> token = Logs.optionalText(call, "nextToken").map(LogEventTokens::parse);
        if (token.isPresent() && !token.get().forward()) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "The specified nextToken is invalid.");
        }
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.groupName(call));

        ObjectNode output = Logs.NODES.objectNode();
        ArrayNode events = output.putArray("events");
        output.putArray("searchedLogStreams");
        Set<String> streams = new LinkedHashSet<>();
        for (JsonNode name : call.input().path("logStreamNames")) {
            streams.add(name.asText());
        }
        Optional<String> prefix = Logs.optionalText(call, "logStreamNamePrefix");
        if (prefix.isPresent()) {
            groups.streams(group.accountId(), group.region(), group.name(), prefix.get(), "", Integer.MAX_VALUE).stream().map(LogStream::name).forEach(streams::add);
            if (streams.isEmpty()) {
                return output;
            }
        }

        long from = call.input().path("startTime").asLong(0);
        long to = call.input().hasNonNull("endTime") ? inclusiveEnd(call.input().get("endTime").asLong()) : Long.MAX_VALUE;
        int limit = call.input().path("limit").asInt(Logs.MAXIMUM_EVENTS);
        Optional<LogEventCursor> after = token.map(LogEventTokens::cursor);
        int scanned = 0;
        long bytes = 0;
        while (true) {
            var page = logEvents.scan(group.eventsKey(), streams, from, to, after, SCAN_PAGE);
            for (StoredLogEvent event : page) {
                after = Optional.of(event.cursor());
                scanned++;
                if (!pattern.matches(event.message())) {
                    continue;
                }
                events.addObject()
                        .put("logStreamName", event.stream())
                        .put("timestamp", event.timestamp())
                        .put("message", event.message())
                        .put("ingestionTime", event.ingestionTime())
                        .put("eventId", eventId(event));
                bytes += Logs.responseBytes(event);
                if (events.size() >= limit || bytes >= Logs.MAXIMUM_RESPONSE_BYTES) {
                    output.put("nextToken", LogEventTokens.forward(event.cursor()));
                    return output;
                }
            }
            if (page.size() < SCAN_PAGE) {
                return output;
            }
            if (scanned >= SCAN_BUDGET) {
                output.put("nextToken", LogEventTokens.forward(after.orElseThrow()));
                return output;
            }
        }
    }

    /** {@code endTime} is inclusive; the store's bound is not. */
    private static long inclusiveEnd(long endTime)
    {
        return endTime == Long.MAX_VALUE ? Long.MAX_VALUE : endTime + 1;
    }

    /** 56 digits, as CloudWatch Logs' event IDs have: the timestamp and the store's sequence, unique in the group. */
    static String eventId(StoredLogEvent event)
    {
        return String.format("%020d%036d", event.timestamp(), event.sequence());
    }
}
