package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.MetricFilterRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes a metric filter of a log group.
 */
public final class DeleteMetricFilter
        implements WriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "DeleteMetricFilter";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        LogGroup group = Logs.requireGroup(new LogGroupRepository(metadata), call, Logs.text(call, "logGroupName"));
        if (!new MetricFilterRepository(metadata).delete(group.accountId(), group.region(), group.name(), Logs.text(call, "filterName"))) {
            throw new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified metric filter does not exist.");
        }
        return Logs.NODES.objectNode();
    }
}
