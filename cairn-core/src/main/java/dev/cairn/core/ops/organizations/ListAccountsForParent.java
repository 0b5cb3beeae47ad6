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
 * The accounts directly under a root or OU (not those in its OUs), in account id order.
 */
public final class ListAccountsForParent
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListAccountsForParent";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        String parentId = Organizations.text(call, "ParentId");
        Organizations.requireParent(organizations, organization, parentId);
        Page<String> page = organizations.children(organization.id(), parentId, ChildType.ACCOUNT, Organizations.nextToken(call), Organizations.maxResults(call));
        ObjectNode output = Organizations.NODES.objectNode();
        ArrayNode accounts = output.putArray("Accounts");
        for (String id : page.items()) {
            organizations.account(organization.id(), id).ifPresent(account -> accounts.add(Organizations.account(organization, account)));
        }
        Organizations.page(output, page.nextMarker());
        return output;
    }
}
