package dev.cairn.core.ops.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.Tag;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Creates a role after checking its trust policy; at most 1,000 roles per account, IAM's default quota. Permissions
 * boundaries are refused: Cairn does not evaluate them, and a role created without the boundary its creator asked
 * for would be allowed more than intended.
 */
public final class CreateRole
        implements WriteOperation
{
    static final int ROLES_PER_ACCOUNT = 1_000;

    private final IdGenerator ids;

    public CreateRole(IdGenerator ids)
    {
        this.ids = requireNonNull(ids, "ids is null");
    }

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "CreateRole";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(IamRole.arn(call.accountId(), Iam.optionalText(call, "Path").orElse("/"), Roles.roleName(call)));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        if (call.input().has("PermissionsBoundary")) {
            throw new CairnException(ErrorCode.INVALID_INPUT, "Cairn does not support permissions boundaries: create the role without PermissionsBoundary.");
        }
        String roleName = Roles.roleName(call);
        String trustPolicy = Roles.requireValidTrustPolicy(Iam.text(call, "AssumeRolePolicyDocument"));
        List<Tag> tags = Roles.tags(call);
        int maxSessionDuration = call.input().has("MaxSessionDuration") ? call.input().get("MaxSessionDuration").asInt() : IamRole.DEFAULT_MAX_SESSION_DURATION;

        RoleRepository roles = new RoleRepository(metadata);
        // several nodes creating roles in one account count them one at a time
        new IdentityRepository(metadata).lockAccount(call.accountId());
        if (roles.roleCount(call.accountId()) >= ROLES_PER_ACCOUNT) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for RolesPerAccount: " + ROLES_PER_ACCOUNT);
        }
        IamRole role = new IamRole(call.accountId(), roleName, ids.roleId(), Iam.optionalText(call, "Path").orElse("/"), trustPolicy, maxSessionDuration,
                Iam.optionalText(call, "Description"), call.receivedAt(), tags);
        if (!roles.createRole(role)) {
            throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, "Role with name " + roleName + " already exists.");
        }
        ObjectNode created = Roles.roleSummary(role);
        if (!tags.isEmpty()) {
            created.set("Tags", Roles.tags(tags));
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("Role", created);
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Roles.lookupRole(call);
    }
}
