package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository.Page;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.core.organizations.OrganizationRepository.ChildType;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * The accounts or the OUs (by {@code ChildType}) directly under a root or OU, in id order.
 */
public final class ListChildren
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListChildren";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        String parentId = Organizations.text(call, "ParentId");
        Organizations.requireParent(organizations, organization, parentId);
        ChildType type = ChildType.valueOf(Organizations.text(call, "ChildType"));
        Page<String> page = organizations.children(organization.id(), parentId, type, Organizations.nextToken(call), Organizations.maxResults(call));
        ObjectNode output = Organizations.NODES.objectNode();
        ArrayNode children = output.putArray("Children");
        for (String id : page.items()) {
            ObjectNode child = children.addObject();
            child.put("Id", id);
            child.put("Type", type.name());
        }
        Organizations.page(output, page.nextMarker());
        return output;
    }
}
