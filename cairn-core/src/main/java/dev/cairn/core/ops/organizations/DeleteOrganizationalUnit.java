package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.core.organizations.OrganizationalUnit;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes an OU that holds no account and no OU.
 */
public final class DeleteOrganizationalUnit
        implements WriteOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "DeleteOrganizationalUnit";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagement(organizations, call);
        OrganizationalUnit unit = Organizations.requireOrganizationalUnit(organizations, organization, Organizations.text(call, "OrganizationalUnitId"));
        if (organizations.hasChildren(organization.id(), unit.id())) {
            throw new CairnException(ErrorCode.ORGANIZATIONAL_UNIT_NOT_EMPTY,
                    "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.");
        }
        organizations.deleteOrganizationalUnit(unit);
        return Organizations.NODES.objectNode();
    }
}
