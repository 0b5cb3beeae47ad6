package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes the organization, from its management account, once no other account is in it. Its OUs, account
 * creation requests, trusted services and delegations go with it.
 */
public final class DeleteOrganization
        implements WriteOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "DeleteOrganization";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagement(organizations, call);
        if (organizations.accountCount(organization.id()) > 1) {
            throw new CairnException(ErrorCode.ORGANIZATION_NOT_EMPTY, "To delete an organization you must first remove all member accounts (except the master).");
        }
        organizations.deleteOrganization(organization);
        return Organizations.NODES.objectNode();
    }
}
