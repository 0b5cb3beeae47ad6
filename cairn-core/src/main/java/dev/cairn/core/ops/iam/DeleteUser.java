package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Refuses, as IAM does, while the user still has access keys, inline policies, attached policies, a login profile or
 * group memberships.
 */
public final class DeleteUser
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
        return "DeleteUser";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return List.of(Iam.userArn(call, metadata, Iam.text(call, "UserName")));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        IamUser user = Iam.requireUser(identities, call.accountId(), Iam.text(call, "UserName"));
        if (!identities.accessKeys(call.accountId(), Optional.of(user.userName())).isEmpty()) {
            throw new CairnException(ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must delete access keys first.");
        }
        if (!identities.userPolicies(call.accountId(), user.userName()).isEmpty()) {
            throw new CairnException(ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must delete policies first.");
        }
        if (!identities.attachedPolicyArns(call.accountId(), user.userName()).isEmpty()) {
            throw new CairnException(ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must detach all policies first.");
        }
        if (identities.loginProfile(call.accountId(), Optional.of(user.userName())).isPresent()) {
            throw new CairnException(ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must delete login profile first.");
        }
        if (new GroupRepository(metadata).groupCountOf(call.accountId(), user.userName()) > 0) {
            throw new CairnException(ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must remove users from group first.");
        }
        identities.deleteUser(user);
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Iam.userResource(call);
    }
}
