package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.DelegatedAdministrator;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Makes a member account a delegated administrator for a service that has trusted access. The management account
 * cannot be one.
 */
public final class RegisterDelegatedAdministrator
        implements WriteOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "RegisterDelegatedAdministrator";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagement(organizations, call);
        String principal = Organizations.requireServicePrincipal(call);
        String accountId = Organizations.text(call, "AccountId");
        Organizations.requireAccount(organizations, organization, accountId);
        if (accountId.equals(organization.managementAccountId())) {
            throw Organizations.constraintViolation("CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
                    "You cannot register the management account of the organization as a delegated administrator for an AWS service.");
        }
        if (organizations.enabledService(organization.id(), principal).isEmpty()) {
            throw Organizations.constraintViolation("SERVICE_ACCESS_NOT_ENABLED",
                    "You attempted to register a delegated administrator before you enabled service access. Call the EnableAWSServiceAccess API first.");
        }
        if (!organizations.registerDelegatedAdministrator(organization.id(), new DelegatedAdministrator(accountId, principal, call.receivedAt()))) {
            throw new CairnException(ErrorCode.ACCOUNT_ALREADY_REGISTERED, "The provided account is already a delegated administrator for your organization.");
        }
        return Organizations.NODES.objectNode();
    }
}
