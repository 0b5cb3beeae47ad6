package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

public final class DescribeAccount
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "DescribeAccount";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        ObjectNode output = Organizations.NODES.objectNode();
        output.set("Account", Organizations.account(organization, Organizations.requireAccount(organizations, organization, Organizations.text(call, "AccountId"))));
        return output;
    }
}
