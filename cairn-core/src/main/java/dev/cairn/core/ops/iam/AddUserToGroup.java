package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
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
 * Adds a user to a group (again: no change); a user is in at most 10 groups, IAM's default quota. IAM authorizes it
 * against the group.
 */
public final class AddUserToGroup
        implements WriteOperation
{
    static final int GROUPS_PER_USER = 10;

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "AddUserToGroup";
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
        IamUser user = Iam.requireUser(new IdentityRepository(metadata), call.accountId(), Iam.text(call, "UserName"));
        if (groups.isMember(call.accountId(), group.groupName(), user.userName())) {
            return Iam.NODES.objectNode();
        }
        if (groups.groupCountOf(call.accountId(), user.userName()) >= GROUPS_PER_USER) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for GroupsPerUser: " + GROUPS_PER_USER);
        }
        groups.addMember(call.accountId(), group.groupName(), user.userName());
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(Iam.groupLookupResource(call), new LookupResource(Iam.USER_TYPE, Iam.text(call, "UserName")));
    }
}
