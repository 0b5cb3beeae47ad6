package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Refuses, as IAM does, while the group still has members, inline policies or attached policies.
 */
public final class DeleteGroup
        implements WriteOperation
{
    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "DeleteGroup";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Iam.groupResource(call, metadata);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        GroupRepository groups = new GroupRepository(metadata);
        IamGroup group = Iam.requireGroup(groups, call.accountId(), Iam.text(call, "GroupName"));
        if (groups.memberCount(call.accountId(), group.groupName()) > 0) {
            throw new CairnException(ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must remove users from group first.");
        }
        if (!groups.groupPolicies(call.accountId(), group.groupName()).isEmpty()) {
            throw new CairnException(ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must delete policies first.");
        }
        if (!groups.attachedPolicyArns(call.accountId(), group.groupName()).isEmpty()) {
            throw new CairnException(ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must detach all policies first.");
        }
        groups.deleteGroup(group);
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(Iam.groupLookupResource(call));
    }
}
