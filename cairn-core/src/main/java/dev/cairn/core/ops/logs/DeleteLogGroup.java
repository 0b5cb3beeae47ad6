package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes a log group and its streams.
 */
public final class DeleteLogGroup
        implements WriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "DeleteLogGroup";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        if (!new LogGroupRepository(metadata).delete(call.accountId(), call.region(), Logs.text(call, "logGroupName"))) {
            throw new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified log group does not exist.");
        }
        return Logs.NODES.objectNode();
    }
}
