package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.Tag;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A role's tags in the order they were added.
 */
public final class ListRoleTags
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
        return "ListRoleTags";
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
        List<Tag> tags = Roles.requireRole(new RoleRepository(metadata), call.accountId(), Roles.roleName(call)).tags();
        int start = Iam.indexMarker(call);
        int end = Math.min(tags.size(), start + Iam.maxItems(call));
        ObjectNode output = Iam.NODES.objectNode();
        output.set("Tags", Roles.tags(tags.subList(Math.min(start, end), end)));
        Iam.page(output, end < tags.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Roles.lookupRole(call);
    }
}
