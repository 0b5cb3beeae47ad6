package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.InlinePolicy;
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
        List<InlinePolicy> policies = roles.rolePolicies(call.accountId(), role.roleName());
        int start = Iam.indexMarker(call);
        int end = Math.min(policies.size(), start + Iam.maxItems(call));
        ArrayNode names = Iam.NODES.arrayNode();
        for (InlinePolicy policy : policies.subList(Math.min(start, end), end)) {
            names.add(policy.policyName());
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("PolicyNames", names);
        Iam.page(output, end < policies.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Roles.lookupRole(call);
    }
}
