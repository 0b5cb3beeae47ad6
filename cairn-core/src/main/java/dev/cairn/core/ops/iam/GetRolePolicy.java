package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
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

/**
 * Returns the document URL-encoded (RFC 3986), as IAM does; the AWS CLI decodes it.
 */
public final class GetRolePolicy
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
        return "GetRolePolicy";
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
        String policyName = Iam.text(call, "PolicyName");
        InlinePolicy policy = roles.rolePolicy(call.accountId(), role.roleName(), policyName)
                .orElseThrow(() -> new CairnException(ErrorCode.NO_SUCH_ENTITY, "The role policy with name " + policyName + " cannot be found."));
        ObjectNode output = Iam.NODES.objectNode();
        output.put("RoleName", role.roleName());
        output.put("PolicyName", policy.policyName());
        output.put("PolicyDocument", GetUserPolicy.urlEncode(policy.document()));
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Roles.lookupRoleAndPolicy(call, "PolicyName");
    }
}
