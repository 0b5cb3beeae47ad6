package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

public final class ListAttachedGroupPolicies
        implements ReadOperation
{
    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "ListAttachedGroupPolicies";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Iam.groupResource(call, metadata);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        GroupRepository groups = new GroupRepository(metadata);
        IamGroup group = Iam.requireGroup(groups, call.accountId(), Iam.text(call, "GroupName"));
        return Iam.attachedPolicies(call, groups.attachedPolicyArns(call.accountId(), group.groupName()));
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(Iam.groupLookupResource(call));
    }
}
