package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds tags to the log group {@code resourceArn} names, a key it has taking the new value; more than 50 tags in all
 * is {@code TooManyTagsException}.
 */
public final class TagResource
        implements WriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "TagResource";
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
        Map<String, String> tags = LogGroupTags.merge(group, call.input().path("tags"));
        if (tags.size() > LogGroupTags.MAXIMUM_TAGS) {
            String arn = Logs.text(call, "resourceArn");
            throw new CairnException(ErrorCode.LOGS_TOO_MANY_TAGS, "A resource can have no more than " + LogGroupTags.MAXIMUM_TAGS + " tags.", Map.of("resourceName", arn));
        }
        groups.put(group.withTags(tags));
        return Logs.NODES.objectNode();
    }
}
