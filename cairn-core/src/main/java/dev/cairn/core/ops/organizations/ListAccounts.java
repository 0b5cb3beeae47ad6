package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository.Page;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.MemberAccount;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * Every account of the organization, the management account included, in account id order.
 */
public final class ListAccounts
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListAccounts";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        Page<MemberAccount> page = organizations.accounts(organization.id(), Organizations.nextToken(call), Organizations.maxResults(call));
        ObjectNode output = Organizations.NODES.objectNode();
        ArrayNode accounts = output.putArray("Accounts");
        page.items().forEach(account -> accounts.add(Organizations.account(organization, account)));
        Organizations.page(output, page.nextMarker());
        return output;
    }
}
