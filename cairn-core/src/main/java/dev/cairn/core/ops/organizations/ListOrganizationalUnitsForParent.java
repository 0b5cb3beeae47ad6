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
 * The OUs directly under a root or OU, in id order.
 */
public final class ListOrganizationalUnitsForParent
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListOrganizationalUnitsForParent";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        String parentId = Organizations.text(call, "ParentId");
        Organizations.requireParent(organizations, organization, parentId);
        Page<String> page = organizations.children(organization.id(), parentId, ChildType.ORGANIZATIONAL_UNIT, Organizations.nextToken(call), Organizations.maxResults(call));
        ObjectNode output = Organizations.NODES.objectNode();
        ArrayNode units = output.putArray("OrganizationalUnits");
        for (String id : page.items()) {
            organizations.organizationalUnit(organization.id(), id).ifPresent(unit -> units.add(Organizations.organizationalUnit(organization, unit)));
        }
        Organizations.page(output, page.nextMarker());
        return output;
    }
}
