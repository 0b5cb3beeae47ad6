package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The group and its members, in name order, paged.
 */
public final class GetGroup
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
        return "GetGroup";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Iam.groupResource(call, metadata);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        GroupRepository groups = new GroupRepository(metadata);
        IdentityRepository identities = new IdentityRepository(metadata);
        IamGroup group = Iam.requireGroup(groups, call.accountId(), Iam.text(call, "GroupName"));
        IdentityRepository.Page<String> members = groups.members(call.accountId(), group.groupName(), Iam.marker(call), Iam.maxItems(call));
        ArrayNode users = Iam.NODES.arrayNode();
        for (String member : members.items()) {
            // a user leaves every group before it can be deleted, so each member exists
            identities.user(call.accountId(), member).ifPresent(user -> users.add(Iam.user(user)));
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("Group", Iam.group(group));
        output.set("Users", users);
        Iam.page(output, members.nextMarker());
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(Iam.groupLookupResource(call));
    }
}
