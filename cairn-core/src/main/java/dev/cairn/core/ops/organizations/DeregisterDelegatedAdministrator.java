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

public final class DeregisterDelegatedAdministrator
        implements WriteOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "DeregisterDelegatedAdministrator";
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
        if (!organizations.deregisterDelegatedAdministrator(organization.id(), accountId, principal)) {
            throw new CairnException(ErrorCode.ACCOUNT_NOT_REGISTERED, "The provided account is not a registered delegated administrator for your organization.");
        }
        return Organizations.NODES.objectNode();
    }
}
