package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * The resource-based policy of a channel or event data store, as it was put ({@code ResourcePolicyNotFoundException}
 * when it has none).
 */
public final class GetResourcePolicy
        implements ResourcePolicyOperation, ReadOperation
{
    @Override
    public String name()
    {
        return "GetResourcePolicy";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Target target = ResourcePolicyOperation.target(call, metadata);
        String policy = target.policy().orElseThrow(() -> new CairnException(ErrorCode.RESOURCE_POLICY_NOT_FOUND, "Resource " + target.arn() + " has no resource policy."));
        ObjectNode output = EventDataStores.NODES.objectNode();
        output.put("ResourceArn", target.arn());
        output.put("ResourcePolicy", policy);
        return output;
    }
}
