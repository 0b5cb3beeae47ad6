package dev.cairn.core.ops.logs;

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
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log group's streams by name (or the group's ARN as {@code logGroupIdentifier}), in name order either way, by
 * {@code logStreamNamePrefix}, paged. {@code orderBy LastEventTime} is refused until streams have events.
 */
public final class DescribeLogStreams
        implements ReadOperation, LogsOperation
{
    private static final Pattern GROUP_ARN = Pattern.compile("arn:aws[a-z-]*:logs:([a-z0-9-]+):(\\d{12}):log-group:([^:]+)(:\\*)?");

    @Override
    public String name()
    {
        return "DescribeLogStreams";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(LogGroup.arn(call.accountId(), call.region(), groupName(call)));
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(new LookupResource(Logs.LOG_GROUP_TYPE, groupName(call)));
    }

    /**
     * The group the call names: {@code logGroupName}, or {@code logGroupIdentifier} as a name or an ARN. An ARN of
     * another account or region names a group the caller does not have here: its full text is used as the name,
     * which no group has.
     */
    private static String groupName(CallContext call)
    {
        Optional<String> name = Logs.optionalText(call, "logGroupName");
        if (name.isPresent()) {
            return name.get();
        }
        String identifier = Logs.optionalText(call, "logGroupIdentifier").orElse("");
        Matcher arn = GROUP_ARN.matcher(identifier);
        if (arn.matches() && arn.group(1).equals(call.region()) && arn.group(2).equals(call.accountId())) {
            return arn.group(3);
        }
        return identifier;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        boolean byName = call.input().hasNonNull("logGroupName");
        boolean byIdentifier = call.input().hasNonNull("logGroupIdentifier");
        if (byName == byIdentifier) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "LogGroupName or LogGroupIdentifier (but not both) must be specified.");
        }
        if (Logs.optionalText(call, "orderBy").orElse("LogStreamName").equals("LastEventTime")) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Cairn does not order log streams by LastEventTime yet: log streams have no events.");
        }
        boolean descending = call.input().path("descending").asBoolean(false);
        int limit = Logs.limit(call);
        String prefix = Logs.optionalText(call, "logStreamNamePrefix").orElse("");
        Optional<String> after = Logs.afterName(call);
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, groupName(call));
        List<LogStream> streams;
        if (descending) {
            streams = new ArrayList<>(groups.streams(group.accountId(), group.region(), group.name(), prefix, "", Integer.MAX_VALUE));
            Collections.reverse(streams);
            if (after.isPresent()) {
                streams = streams.stream().filter(stream -> stream.name().compareTo(after.get()) < 0).toList();
            }
            streams = streams.subList(0, Math.min(streams.size(), limit + 1));
        }
        else {
            streams = groups.streams(group.accountId(), group.region(), group.name(), prefix, after.orElse(""), limit + 1);
        }
        ObjectNode output = Logs.NODES.objectNode();
        ArrayNode array = output.putArray("logStreams");
        streams.stream().limit(limit).forEach(stream -> array.add(Logs.logStream(group, stream)));
        if (streams.size() > limit) {
            output.put("nextToken", Logs.nextToken(streams.get(limit - 1).name()));
        }
        return output;
    }
}
