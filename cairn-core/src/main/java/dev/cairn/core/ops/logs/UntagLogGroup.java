package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * The older UntagResource, by {@code logGroupName}: removes tags by key (its member {@code tags} lists keys); keys the
 * group does not have are ignored.
 */
public final class UntagLogGroup
        implements WriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "UntagLogGroup";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.text(call, "logGroupName"));
        groups.put(group.withTags(LogGroupTags.remove(group, call.input().path("tags"))));
        return Logs.NODES.objectNode();
    }
}
