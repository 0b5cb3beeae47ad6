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
 * Deletes a log stream of a log group, with its events.
 */
public final class DeleteLogStream
        implements LogEventsWriteOperation, LogStreamOperation
{
    @Override
    public String name()
    {
        return "DeleteLogStream";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata, LogEventWriter logEvents)
            throws IOException
    {
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.text(call, "logGroupName"));
        String stream = Logs.text(call, "logStreamName");
        if (!groups.deleteStream(group.accountId(), group.region(), group.name(), stream)) {
            throw new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified log stream does not exist.");
        }
        logEvents.deleteStream(group.eventsKey(), stream);
        return Logs.NODES.objectNode();
    }
}
