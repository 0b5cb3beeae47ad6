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
import java.util.Optional;
import java.util.Set;

/**
 * Sets a log group's retention to one of the periods CloudWatch Logs allows (the model's {@code Days}). Expiring the
 * events comes with the events.
 */
public final class PutRetentionPolicy
        implements WriteOperation, LogsOperation
{
    /** The values of the model's {@code Days}, as its documentation lists them. */
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    @Override
    public String name()
    {
        return "PutRetentionPolicy";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        int days = call.input().path("retentionInDays").asInt();
        if (!RETENTION_DAYS.contains(days)) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "1 validation error detected: Value '" + days
                    + "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]");
        }
        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.text(call, "logGroupName"));
        groups.put(group.withRetentionInDays(Optional.of(days)));
        return Logs.NODES.objectNode();
    }
}
