package dev.cairn.core.ops.logs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.LogStream;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.LogStreamStatistics;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A log group's streams by name (or the group's ARN as {@code logGroupIdentifier}), in name order either way, by
 * {@code logStreamNamePrefix}, or by the time of their last event, paged; with their first and last event times and
 * last ingestion time. As CloudWatch Logs has since 2019, a stream's {@code storedBytes} is 0 (the group's is real).
 */
public final class DescribeLogStreams
        implements ReadOperation, LogsOperation
{
    private final LogEvents logEvents;

    public DescribeLogStreams(LogEvents logEvents)
    {
        this.logEvents = requireNonNull(logEvents, "logEvents is null");
    }

    @Override
    public String name()
    {
        return "DescribeLogStreams";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Logs.requireOneGroupIdentifier(call);
        boolean byLastEventTime = Logs.optionalText(call, "orderBy").orElse("LogStreamName").equals("LastEventTime");
        if (byLastEventTime && call.input().hasNonNull("logStreamNamePrefix")) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        boolean descending = call.input().path("descending").asBoolean(false);
        int limit = Logs.limit(call);
        String prefix = Logs.optionalText(call, "logStreamNamePrefix").orElse("");
        Optional<String> after = Logs.afterName(call);
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.groupName(call));
        List<LogStream> streams;
        Map<String, LogStreamStatistics> statistics;
        if (descending || byLastEventTime) {
            // the whole group, ordered here: streams are few beside their events
            List<LogStream> all = new ArrayList<>(groups.streams(group.accountId(), group.region(), group.name(), prefix, "", Integer.MAX_VALUE));
            Map<String, LogStreamStatistics> allStatistics = logEvents.streamStatistics(group.eventsKey(), names(all));
            if (byLastEventTime) {
                all.sort(Comparator.comparingLong((LogStream stream) -> allStatistics.get(stream.name()).lastEventTimestamp().orElse(0)).thenComparing(LogStream::name));
            }
            if (descending) {
                Collections.reverse(all);
            }
            int start = after.map(name -> indexAfter(all, name)).orElse(0);
            streams = all.subList(start, Math.min(all.size(), start + limit + 1));
            statistics = allStatistics;
        }
        else {
            streams = groups.streams(group.accountId(), group.region(), group.name(), prefix, after.orElse(""), limit + 1);
            statistics = logEvents.streamStatistics(group.eventsKey(), names(streams));
        }
        ObjectNode output = Logs.NODES.objectNode();
        ArrayNode array = output.putArray("logStreams");
        streams.stream().limit(limit).forEach(stream -> array.add(Logs.logStream(group, stream, statistics.get(stream.name()))));
        if (streams.size() > limit) {
            output.put("nextToken", Logs.nextToken(streams.get(limit - 1).name()));
        }
        return output;
    }

    private static Set<String> names(List<LogStream> streams)
    {
        return streams.stream().map(LogStream::name).collect(Collectors.toSet());
    }

    /** Where the page after the named stream starts in the ordered list; past its end when the stream is gone. */
    private static int indexAfter(List<LogStream> streams, String name)
    {
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i).name().equals(name)) {
                return i + 1;
            }
        }
        return streams.size();
    }
}
