package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.MemberAccount;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Removes a member account from the organization: it goes on as a standalone account (its roles stay, as in AWS).
 * Not the management account, nor a delegated administrator.
 */
public final class RemoveAccountFromOrganization
        implements WriteOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "RemoveAccountFromOrganization";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagement(organizations, call);
        String accountId = Organizations.text(call, "AccountId");
        if (accountId.equals(organization.managementAccountId())) {
            throw new CairnException(ErrorCode.MASTER_CANNOT_LEAVE_ORGANIZATION,
                    "You can't remove the management account from an organization. To make it a member of another organization, delete this organization first.");
        }
        MemberAccount account = Organizations.requireAccount(organizations, organization, accountId);
        if (!organizations.delegations(organization.id(), accountId).isEmpty()) {
            throw Organizations.constraintViolation("CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG",
                    "You cannot remove an account that is a delegated administrator: deregister it first.");
        }
        organizations.removeAccount(account);
        return Organizations.NODES.objectNode();
    }
}
