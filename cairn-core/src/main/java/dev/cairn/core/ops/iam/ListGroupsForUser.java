package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The groups a user is in, in name order, paged. IAM authorizes it against the user.
 */
public final class ListGroupsForUser
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
        return "ListGroupsForUser";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return List.of(Iam.userArn(call, metadata, Iam.text(call, "UserName")));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        GroupRepository groups = new GroupRepository(metadata);
        IamUser user = Iam.requireUser(new IdentityRepository(metadata), call.accountId(), Iam.text(call, "UserName"));
        IdentityRepository.Page<String> page = groups.groupsOf(call.accountId(), user.userName(), Iam.marker(call), Iam.maxItems(call));
        ArrayNode list = Iam.NODES.arrayNode();
        for (String groupKey : page.items()) {
            // a group loses its members before it can be deleted, so each exists
            groups.group(call.accountId(), groupKey).ifPresent(group -> list.add(Iam.group(group)));
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("Groups", list);
        Iam.page(output, page.nextMarker());
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Iam.userResource(call);
    }
}
