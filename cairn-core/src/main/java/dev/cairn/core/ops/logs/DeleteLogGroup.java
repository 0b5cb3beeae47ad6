package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.LogEventsWriteOperation;
import dev.cairn.spi.LogEventWriter;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes a log group with its streams and their events (in the call's batch: a group of millions of events holds the
 * journal writer while they go).
 */
public final class DeleteLogGroup
        implements LogEventsWriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "DeleteLogGroup";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata, LogEventWriter logEvents)
            throws IOException
    {
        String name = Logs.text(call, "logGroupName");
        if (!new LogGroupRepository(metadata).delete(call.accountId(), call.region(), name)) {
            throw new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified log group does not exist.");
        }
        logEvents.deleteGroup(LogGroup.eventsKey(call.accountId(), call.region(), name));
        return Logs.NODES.objectNode();
    }
}
