package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.Tag;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds tags to a role, replacing the value of a key it has (in any case); at most 50 tags per role.
 */
public final class TagRole
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
        return "TagRole";
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
        List<Tag> tags = new ArrayList<>(role.tags());
        for (Tag tag : Roles.tags(call)) {
            tags.removeIf(existing -> existing.key().equalsIgnoreCase(tag.key()));
            tags.add(tag);
        }
        if (tags.size() > Roles.TAGS_PER_ROLE) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for TagsPerRole: " + Roles.TAGS_PER_ROLE);
        }
        roles.putRole(role.withTags(tags));
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Roles.lookupRole(call);
    }
}
