package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.LogStream;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Creates a log stream in a log group.
 */
public final class CreateLogStream
        implements WriteOperation, LogStreamOperation
{
    @Override
    public String name()
    {
        return "CreateLogStream";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.text(call, "logGroupName"));
        LogStream stream = new LogStream(Logs.text(call, "logStreamName"), call.receivedAt().toEpochMilli());
        if (!groups.insertStream(group.accountId(), group.region(), group.name(), stream)) {
            throw new CairnException(ErrorCode.LOGS_RESOURCE_ALREADY_EXISTS, "The specified log stream already exists");
        }
        return Logs.NODES.objectNode();
    }
}
