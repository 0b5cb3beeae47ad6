package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.LogStream;
import dev.cairn.core.ops.PageTokens;
import dev.cairn.spi.LogStreamStatistics;
import dev.cairn.spi.StoredLogEvent;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helpers shared by the CloudWatch Logs operations.
 */
final class Logs
{
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String LOG_GROUP_TYPE = "AWS::Logs::LogGroup";
    /** The model's {@code DescribeLimit}: at most 50 items a page, and 50 when not given. */
    static final int DEFAULT_LIMIT = 50;
    /** The most log events GetLogEvents and FilterLogEvents return, and their default {@code limit}. */
    static final int MAXIMUM_EVENTS = 10_000;
    /** About the most a page of log events holds: CloudWatch Logs answers "as many log events as can fit in 1 MB". */
    static final int MAXIMUM_RESPONSE_BYTES = 1_048_576;
    /** What an event adds to a page beside its message: its members' names and numbers. */
    private static final int EVENT_RESPONSE_OVERHEAD = 64;
    private static final PageTokens TOKENS = new PageTokens("cairn-logs:", () -> new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "The specified nextToken is invalid."));
    private static final Pattern GROUP_ARN = Pattern.compile("arn:aws[a-z-]*:logs:([a-z0-9-]+):(\\d{12}):log-group:([^:]+)(:\\*)?");

    private Logs()
    {
    }

    static String text(CallContext call, String member)
    {
        return call.input().path(member).asText();
    }

    static Optional<String> optionalText(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asText()) : Optional.empty();
    }

    /**
     * The group the call names: {@code logGroupName}, or {@code logGroupIdentifier} as a name or an ARN. An ARN of
     * another account or region names a group the caller does not have here: its full text is used as the name,
     * which no group has.
     */
    static String groupName(CallContext call)
    {
        Optional<String> name = optionalText(call, "logGroupName");
        if (name.isPresent()) {
            return name.get();
        }
        String identifier = optionalText(call, "logGroupIdentifier").orElse("");
        Matcher arn = GROUP_ARN.matcher(identifier);
        if (arn.matches() && arn.group(1).equals(call.region()) && arn.group(2).equals(call.accountId())) {
            return arn.group(3);
        }
        return identifier;
    }

    /** Whether the call names a log group, by {@code logGroupName} or {@code logGroupIdentifier}. */
    static boolean namesGroup(CallContext call)
    {
        return call.input().hasNonNull("logGroupName") || call.input().hasNonNull("logGroupIdentifier");
    }

    /** Refuses a call that names its group by both {@code logGroupName} and {@code logGroupIdentifier}, or by neither. */
    static void requireOneGroupIdentifier(CallContext call)
    {
        if (call.input().hasNonNull("logGroupName") == call.input().hasNonNull("logGroupIdentifier")) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "LogGroupName or LogGroupIdentifier (but not both) must be specified.");
        }
    }

    static int limit(CallContext call)
    {
        return call.input().hasNonNull("limit") ? call.input().get("limit").asInt() : DEFAULT_LIMIT;
    }

    static LogGroup requireGroup(LogGroupRepository groups, CallContext call, String name)
            throws IOException
    {
        return groups.group(call.accountId(), call.region(), name)
                .orElseThrow(() -> new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified log group does not exist."));
    }

    static LogStream requireStream(LogGroupRepository groups, CallContext call, String group, String name)
            throws IOException
    {
        return groups.stream(call.accountId(), call.region(), group, name)
                .orElseThrow(() -> new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified log stream does not exist."));
    }

    /** An opaque token naming the last item of a page: the next page starts after it. */
    static String nextToken(String lastName)
    {
        return TOKENS.encode(lastName);
    }

    /** The name a {@code nextToken} names, empty without one. */
    static Optional<String> afterName(CallContext call)
    {
        return TOKENS.decode(optionalText(call, "nextToken"));
    }

    /** The first events of the list that fit in a response (at least one). */
    static List<StoredLogEvent> withinResponseSize(List<StoredLogEvent> events)
    {
        long bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            bytes += responseBytes(events.get(i));
            if (bytes > MAXIMUM_RESPONSE_BYTES && i > 0) {
                return events.subList(0, i);
            }
        }
        return events;
    }

    /** About what an event adds to a response. */
    static long responseBytes(StoredLogEvent event)
    {
        return event.message().length() + EVENT_RESPONSE_OVERHEAD;
    }

    static ObjectNode logGroup(LogGroup group, long storedBytes)
    {
        ObjectNode node = NODES.objectNode();
        node.put("logGroupName", group.name());
        node.put("creationTime", group.creationTime());
        group.retentionInDays().ifPresent(days -> node.put("retentionInDays", days));
        node.put("metricFilterCount", 0);
        node.put("arn", group.arn() + ":*");
        node.put("storedBytes", storedBytes);
        group.kmsKeyId().ifPresent(key -> node.put("kmsKeyId", key));
        node.put("logGroupClass", group.logGroupClass());
        node.put("logGroupArn", group.arn());
        return node;
    }

    static ObjectNode logStream(LogGroup group, LogStream stream, LogStreamStatistics statistics)
    {
        ObjectNode node = NODES.objectNode();
        node.put("logStreamName", stream.name());
        node.put("creationTime", stream.creationTime());
        statistics.firstEventTimestamp().ifPresent(time -> node.put("firstEventTimestamp", time));
        statistics.lastEventTimestamp().ifPresent(time -> node.put("lastEventTimestamp", time));
        statistics.lastIngestionTime().ifPresent(time -> node.put("lastIngestionTime", time));
        node.put("arn", LogGroup.streamArn(group.accountId(), group.region(), group.name(), stream.name()));
        node.put("storedBytes", 0);
        return node;
    }
}
