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

/**
 * Deletes a log stream of a log group.
 */
public final class DeleteLogStream
        implements WriteOperation, LogStreamOperation
{
    @Override
    public String name()
    {
        return "DeleteLogStream";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.text(call, "logGroupName"));
        if (!groups.deleteStream(group.accountId(), group.region(), group.name(), Logs.text(call, "logStreamName"))) {
            throw new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified log stream does not exist.");
        }
        return Logs.NODES.objectNode();
    }
}
