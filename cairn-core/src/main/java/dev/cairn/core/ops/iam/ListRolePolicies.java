package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

public final class ListRolePolicies
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
        return "ListRolePolicies";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Roles.roleResource(call, metadata);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        RoleRepository roles = new RoleRepository(metadata);
        IamRole role = Roles.requireRole(roles, call.accountId(), Roles.roleName(call));
        return Iam.inlinePolicyNames(call, roles.rolePolicies(call.accountId(), role.roleName()));
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Roles.lookupRole(call);
    }
}
