package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.InlinePolicy;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Adds or replaces an inline policy after checking its grammar; IAM's aggregate size limit of inline role policies
 * (10,240 characters, whitespace not counted) applies.
 */
public final class PutRolePolicy
        implements WriteOperation
{
    static final int MAXIMUM_INLINE_POLICY_SIZE = 10_240;

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "PutRolePolicy";
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
        String policyName = Iam.text(call, "PolicyName");
        String document = Iam.text(call, "PolicyDocument");
        PolicyDocument.parse(document);
        int size = PutUserPolicy.significantLength(document);
        for (InlinePolicy other : roles.rolePolicies(call.accountId(), role.roleName())) {
            if (!other.policyName().equalsIgnoreCase(policyName)) {
                size += PutUserPolicy.significantLength(other.document());
            }
        }
        if (size > MAXIMUM_INLINE_POLICY_SIZE) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Maximum policy size of " + MAXIMUM_INLINE_POLICY_SIZE + " bytes exceeded for role " + role.roleName());
        }
        roles.putRolePolicy(call.accountId(), role.roleName(), new InlinePolicy(policyName, document));
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Roles.lookupRoleAndPolicy(call, "PolicyName");
    }
}
