package dev.cairn.core.ops.logs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.LogEventCursor;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.StoredLogEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One log stream's events in time order, from its tail (the default) or its head ({@code startFromHead}), paged by
 * {@code nextForwardToken} and {@code nextBackwardToken}: a forward token read again after the stream's end returns
 * the same token, so a client polling with it sees events as they arrive. At most {@code limit} events (default
 * 10,000) and about 1 MB a page, as CloudWatch Logs answers.
 */
public final class GetLogEvents
        implements ReadOperation, LogStreamOperation, LogEventsDataEvent
{
    private final LogEvents logEvents;

    public GetLogEvents(LogEvents logEvents)
    {
        this.logEvents = requireNonNull(logEvents, "logEvents is null");
    }

    @Override
    public String name()
    {
        return "GetLogEvents";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Logs.requireOneGroupIdentifier(call);
        Optional<LogEventTokens> token = Logs.optionalText(call, "nextToken").map(LogEventTokens::parse);
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.groupName(call));
        String stream = Logs.requireStream(groups, call, group.name(), Logs.text(call, "logStreamName")).name();
        long from = call.input().path("startTime").asLong(0);
        long to = call.input().hasNonNull("endTime") ? call.input().get("endTime").asLong() : Long.MAX_VALUE;
        int limit = call.input().path("limit").asInt(Logs.MAXIMUM_EVENTS);

        boolean forward = token.map(LogEventTokens::forward).orElse(call.input().path("startFromHead").asBoolean(false));
        List<StoredLogEvent> page = Logs.withinResponseSize(logEvents.read(group.eventsKey(), stream, from, to, forward, token.map(LogEventTokens::cursor), limit));
        if (!forward) {
            page = new ArrayList<>(page);
            Collections.reverse(page);
        }

        ObjectNode output = Logs.NODES.objectNode();
        ArrayNode events = output.putArray("events");
        for (StoredLogEvent event : page) {
            events.addObject()
                    .put("timestamp", event.timestamp())
                    .put("message", event.message())
                    .put("ingestionTime", event.ingestionTime());
        }
        if (page.isEmpty()) {
            // at an end: the token given comes back, and the other direction starts where it is
            output.put("nextForwardToken", LogEventTokens.forward(token.map(LogEventTokens::cursor).orElse(new LogEventCursor(from, Long.MIN_VALUE))));
            output.put("nextBackwardToken", LogEventTokens.backward(token.map(LogEventTokens::cursor).orElse(new LogEventCursor(to, Long.MIN_VALUE))));
        }
        else {
            output.put("nextForwardToken", LogEventTokens.forward(page.get(page.size() - 1).cursor()));
            output.put("nextBackwardToken", LogEventTokens.backward(page.get(0).cursor()));
        }
        return output;
    }
}
