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

public final class DeleteGroupPolicy
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
        return "DeleteGroupPolicy";
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
        String policyName = Iam.text(call, "PolicyName");
        if (!groups.deleteGroupPolicy(call.accountId(), group.groupName(), policyName)) {
            throw new CairnException(ErrorCode.NO_SUCH_ENTITY, "The group policy with name " + policyName + " cannot be found.");
        }
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(Iam.groupLookupResource(call), new LookupResource(Iam.POLICY_TYPE, Iam.text(call, "PolicyName")));
    }
}
