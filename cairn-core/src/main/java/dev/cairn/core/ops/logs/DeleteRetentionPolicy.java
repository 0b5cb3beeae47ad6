package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Removes a log group's retention: its events never expire.
 */
public final class DeleteRetentionPolicy
        implements WriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "DeleteRetentionPolicy";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.text(call, "logGroupName"));
        groups.put(group.withRetentionInDays(Optional.empty()));
        return Logs.NODES.objectNode();
    }
}
