package dev.cairn.core.ops.logs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.MetricFilterRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The caller's log groups in the region in name order, by {@code logGroupNamePrefix}, paged. Linked accounts, name
 * patterns, classes and identifiers as filters are refused: this slice serves the prefix only.
 */
public final class DescribeLogGroups
        implements ReadOperation, LogsOperation
{
    private static final List<String> UNSUPPORTED = List.of("accountIdentifiers", "logGroupNamePattern", "includeLinkedAccounts", "logGroupClass", "logGroupIdentifiers");

    private final LogEvents logEvents;

    public DescribeLogGroups(LogEvents logEvents)
    {
        this.logEvents = requireNonNull(logEvents, "logEvents is null");
    }

    @Override
    public String name()
    {
        return "DescribeLogGroups";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(LogGroup.arn(call.accountId(), call.region(), "*"));
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of();
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        for (String member : UNSUPPORTED) {
            if (call.input().hasNonNull(member)) {
                throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Cairn does not support " + member + " yet.");
            }
        }
        int limit = Logs.limit(call);
        List<LogGroup> groups = new LogGroupRepository(metadata).groups(call.accountId(), call.region(),
                Logs.optionalText(call, "logGroupNamePrefix").orElse(""), Logs.afterName(call).orElse(""), limit + 1);
        ObjectNode output = Logs.NODES.objectNode();
        ArrayNode array = output.putArray("logGroups");
        MetricFilterRepository filters = new MetricFilterRepository(metadata);
        for (LogGroup group : groups.subList(0, Math.min(limit, groups.size()))) {
            array.add(Logs.logGroup(group, logEvents.storedBytes(group.eventsKey())).put("metricFilterCount", filters.count(group.accountId(), group.region(), group.name())));
        }
        if (groups.size() > limit) {
            output.put("nextToken", Logs.nextToken(groups.get(limit - 1).name()));
        }
        return output;
    }
}
