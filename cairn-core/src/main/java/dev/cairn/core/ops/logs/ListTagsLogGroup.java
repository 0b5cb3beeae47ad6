package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * The older ListTagsForResource, by {@code logGroupName}: a log group's tags.
 */
public final class ListTagsLogGroup
        implements ReadOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "ListTagsLogGroup";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        LogGroupRepository groups = new LogGroupRepository(metadata);
        return LogGroupTags.tags(Logs.requireGroup(groups, call, Logs.text(call, "logGroupName")));
    }
}
