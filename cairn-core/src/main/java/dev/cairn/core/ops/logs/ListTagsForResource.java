package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The tags of the log group {@code resourceArn} names.
 */
public final class ListTagsForResource
        implements ReadOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "ListTagsForResource";
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
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return LogGroupTags.tags(LogGroupTags.requireGroup(new LogGroupRepository(metadata), call));
    }
}
