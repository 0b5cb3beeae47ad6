package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.policy.ManagedPolicies;
import dev.cairn.core.iam.policy.ManagedPolicy;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

public final class ListAttachedRolePolicies
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
        return "ListAttachedRolePolicies";
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
        String pathPrefix = Iam.optionalText(call, "PathPrefix").orElse("/");
        List<ManagedPolicy> attached = roles.attachedRolePolicyArns(call.accountId(), role.roleName()).stream()
                .flatMap(arn -> ManagedPolicies.byArn(arn).stream())
                .filter(policy -> policy.path().startsWith(pathPrefix))
                .toList();
        int start = Iam.indexMarker(call);
        int end = Math.min(attached.size(), start + Iam.maxItems(call));
        ArrayNode policies = Iam.NODES.arrayNode();
        for (ManagedPolicy policy : attached.subList(Math.min(start, end), end)) {
            ObjectNode node = policies.addObject();
            node.put("PolicyName", policy.name());
            node.put("PolicyArn", policy.arn());
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("AttachedPolicies", policies);
        Iam.page(output, end < attached.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Roles.lookupRole(call);
    }
}
