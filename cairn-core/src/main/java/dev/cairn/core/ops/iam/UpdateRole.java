package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Changes a role's description and longest session; members not given stay as they are.
 */
public final class UpdateRole
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
        return "UpdateRole";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Roles.roleResource(call, metadata);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        RoleRepository roles = new RoleRepository(metadata);
        IamRole role = Roles.requireRole(roles, call.accountId(), Roles.roleName(call));
        if (call.input().has("Description")) {
            role = role.withDescription(Optional.of(Iam.text(call, "Description")));
        }
        if (call.input().has("MaxSessionDuration")) {
            role = role.withMaxSessionDuration(call.input().get("MaxSessionDuration").asInt());
        }
        roles.putRole(role);
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Roles.lookupRole(call);
    }
}
