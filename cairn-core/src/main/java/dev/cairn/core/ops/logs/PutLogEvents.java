package dev.cairn.core.ops.logs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.LogEventsListener;
import dev.cairn.core.ops.LogEventsWriteOperation;
import dev.cairn.spi.LogEvent;
import dev.cairn.spi.LogEventWriter;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends a batch of log events to a log stream, with CloudWatch Logs' rules: at most 10,000 events (the model) and
 * 1,048,576 bytes (each message's UTF-8 length plus 26), in chronological order, spanning at most 24 hours; events
 * more than 2 hours in the future, more than 14 days old or older than the group's retention are rejected and
 * reported in {@code rejectedLogEventsInfo} while the rest are stored. The events commit with the call's record; the
 * sequence token is ignored, as CloudWatch Logs has ignored it since 2023.
 */
public final class PutLogEvents
        implements LogEventsWriteOperation, LogStreamOperation, LogEventsDataEvent
{
    static final int MAXIMUM_BATCH_BYTES = 1_048_576;
    static final int EVENT_OVERHEAD_BYTES = 26;
    private static final long MAXIMUM_SPAN = Duration.ofHours(24).toMillis();
    private static final long FUTURE_WINDOW = Duration.ofHours(2).toMillis();
    private static final long PAST_WINDOW = Duration.ofDays(14).toMillis();

    private final LogEventsListener listener;

    public PutLogEvents(LogEventsListener listener)
    {
        this.listener = requireNonNull(listener, "listener is null");
    }

    @Override
    public String name()
    {
        return "PutLogEvents";
    }

    /**
     * The group and stream, not the events: a batch may hold a megabyte of messages, which are the application's data
     * (and may hold its secrets), not parameters of the call.
     */
    @Override
    public ObjectNode requestParameters(ObjectNode input)
    {
        ObjectNode recorded = Logs.NODES.objectNode();
        for (String member : List.of("logGroupName", "logStreamName")) {
            if (input.has(member)) {
                recorded.set(member, input.get(member));
            }
        }
        return recorded;
    }

    /** Only reads whether its log stream exists. */
    @Override
    public boolean changesMetadata()
    {
        return false;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata, LogEventWriter logEvents)
            throws IOException
    {
        JsonNode input = call.input().path("logEvents");
        long bytes = 0;
        long previous = Long.MIN_VALUE;
        for (JsonNode event : input) {
            long timestamp = event.path("timestamp").asLong();
            if (timestamp < previous) {
                throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Log events in a single PutLogEvents request must be in chronological order.");
            }
            previous = timestamp;
            bytes += event.path("message").asText().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD_BYTES;
        }
        if (bytes > MAXIMUM_BATCH_BYTES) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Upload too large: " + bytes + " bytes exceeds limit of " + MAXIMUM_BATCH_BYTES);
        }
        if (input.get(input.size() - 1).path("timestamp").asLong() - input.get(0).path("timestamp").asLong() > MAXIMUM_SPAN) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }

        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.text(call, "logGroupName"));
        String stream = Logs.requireStream(groups, call, group.name(), Logs.text(call, "logStreamName")).name();

        long now = call.receivedAt().toEpochMilli();
        long expiredBefore = group.retentionInDays().map(days -> now - Duration.ofDays(days).toMillis()).orElse(Long.MIN_VALUE);
        int expiredEnd = 0;
        int tooOldEnd = 0;
        int tooNewStart = input.size();
        List<LogEvent> accepted = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode event = input.get(i);
            long timestamp = event.path("timestamp").asLong();
            if (timestamp < expiredBefore) {
                expiredEnd = i + 1;
            }
            else if (timestamp < now - PAST_WINDOW) {
                tooOldEnd = i + 1;
            }
            else if (timestamp > now + FUTURE_WINDOW) {
                tooNewStart = Math.min(tooNewStart, i);
            }
            else {
                accepted.add(new LogEvent(timestamp, now, event.path("message").asText()));
            }
        }
        if (!accepted.isEmpty()) {
            logEvents.append(group.eventsKey(), stream, accepted);
        }

        ObjectNode output = Logs.NODES.objectNode();
        output.put("nextSequenceToken", nextSequenceToken(now));
        if (expiredEnd > 0 || tooOldEnd > 0 || tooNewStart < input.size()) {
            ObjectNode rejected = output.putObject("rejectedLogEventsInfo");
            if (tooNewStart < input.size()) {
                rejected.put("tooNewLogEventStartIndex", tooNewStart);
            }
            if (tooOldEnd > 0) {
                rejected.put("tooOldLogEventEndIndex", tooOldEnd);
            }
            if (expiredEnd > 0) {
                rejected.put("expiredLogEventEndIndex", expiredEnd);
            }
        }
        return output;
    }

    /** Tells the listener (metric filters) of the events stored, once they are durable. */
    @Override
    public void committed(CallContext call, ObjectNode output)
    {
        JsonNode rejected = output.path("rejectedLogEventsInfo");
        JsonNode input = call.input().path("logEvents");
        int from = Math.max(rejected.path("expiredLogEventEndIndex").asInt(0), rejected.path("tooOldLogEventEndIndex").asInt(0));
        int to = rejected.path("tooNewLogEventStartIndex").asInt(input.size());
        List<LogEvent> stored = new ArrayList<>(Math.max(0, to - from));
        long now = call.receivedAt().toEpochMilli();
        for (int i = from; i < to; i++) {
            stored.add(new LogEvent(input.get(i).path("timestamp").asLong(), now, input.get(i).path("message").asText()));
        }
        if (!stored.isEmpty()) {
            listener.appended(call.accountId(), call.region(), Logs.text(call, "logGroupName"), Logs.text(call, "logStreamName"), stored);
        }
    }

    /** A token of the digits CloudWatch Logs' have; deprecated and ignored, still read by older agents. */
    private static String nextSequenceToken(long now)
    {
        return String.format("49%054d", now);
    }
}
