package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.DelegatedAdministrator;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;

/**
 * The services a member account is a delegated administrator for, in service principal order.
 */
public final class ListDelegatedServicesForAccount
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListDelegatedServicesForAccount";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        String accountId = Organizations.text(call, "AccountId");
        Organizations.requireAccount(organizations, organization, accountId);
        List<DelegatedAdministrator> delegations = organizations.delegations(organization.id(), accountId);
        if (delegations.isEmpty()) {
            throw new CairnException(ErrorCode.ACCOUNT_NOT_REGISTERED, "The provided account is not a registered delegated administrator for your organization.");
        }
        ObjectNode output = Organizations.NODES.objectNode();
        ArrayNode services = output.putArray("DelegatedServices");
        for (DelegatedAdministrator delegation : Organizations.pageOf(call, delegations, DelegatedAdministrator::servicePrincipal, output)) {
            ObjectNode node = services.addObject();
            node.put("ServicePrincipal", delegation.servicePrincipal());
            node.put("DelegationEnabledDate", Organizations.epochSeconds(delegation.delegationEnabledDate()));
        }
        return output;
    }
}
