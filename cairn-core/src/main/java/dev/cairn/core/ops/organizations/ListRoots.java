package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * The organization's root (an organization has one), with no policy types: Cairn enforces no organization policies.
 */
public final class ListRoots
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListRoots";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(new OrganizationRepository(metadata), call);
        // validated like any token, though one root never needs a second page
        Organizations.nextToken(call);
        ObjectNode output = Organizations.NODES.objectNode();
        output.putArray("Roots").add(Organizations.root(organization));
        return output;
    }
}
