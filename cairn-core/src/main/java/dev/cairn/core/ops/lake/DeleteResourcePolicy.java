package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Removes the resource-based policy of a channel (then only its own account may send it events) or event data store.
 */
public final class DeleteResourcePolicy
        implements ResourcePolicyOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "DeleteResourcePolicy";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Target target = ResourcePolicyOperation.target(call, metadata);
        if (target.policy().isEmpty()) {
            throw new CairnException(ErrorCode.RESOURCE_POLICY_NOT_FOUND, "Resource " + target.arn() + " has no resource policy.");
        }
        target.put(metadata, Optional.empty());
        return EventDataStores.NODES.objectNode();
    }
}
