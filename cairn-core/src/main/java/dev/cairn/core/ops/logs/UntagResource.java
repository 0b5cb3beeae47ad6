package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Removes tags by key from the log group {@code resourceArn} names; keys it does not have are ignored.
 */
public final class UntagResource
        implements WriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "UntagResource";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return LogGroupTags.resources(call);
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return LogGroupTags.lookupResources(call);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = LogGroupTags.requireGroup(groups, call);
        groups.put(group.withTags(LogGroupTags.remove(group, call.input().path("tagKeys"))));
        return Logs.NODES.objectNode();
    }
}
