package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Map;

/**
 * The older TagResource, by {@code logGroupName}: adds tags to a log group, a key it has taking the new value. Its
 * model has no {@code TooManyTagsException}: more than 50 tags in all is {@code InvalidParameterException}.
 */
public final class TagLogGroup
        implements WriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "TagLogGroup";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.text(call, "logGroupName"));
        Map<String, String> tags = LogGroupTags.merge(group, call.input().path("tags"));
        if (tags.size() > LogGroupTags.MAXIMUM_TAGS) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "A log group can have no more than " + LogGroupTags.MAXIMUM_TAGS + " tags.");
        }
        groups.put(group.withTags(tags));
        return Logs.NODES.objectNode();
    }
}
