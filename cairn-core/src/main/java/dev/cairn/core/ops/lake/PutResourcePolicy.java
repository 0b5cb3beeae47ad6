package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.LakeResourcePolicies;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Attaches a resource-based policy to a channel (who may call PutAuditEvents on it) or an event data store, replacing
 * the one it had; the policy must follow the resource's rules ({@link LakeResourcePolicies}).
 */
public final class PutResourcePolicy
        implements ResourcePolicyOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "PutResourcePolicy";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Target target = ResourcePolicyOperation.target(call, metadata);
        String policy = EventDataStores.text(call, "ResourcePolicy");
        if (target instanceof ChannelTarget channel) {
            LakeResourcePolicies.validateChannelPolicy(policy, channel.arn());
        }
        else {
            LakeResourcePolicies.validateEventDataStorePolicy(policy, target.arn());
        }
        target.put(metadata, Optional.of(policy));
        ObjectNode output = EventDataStores.NODES.objectNode();
        output.put("ResourceArn", target.arn());
        output.put("ResourcePolicy", policy);
        return output;
    }
}
