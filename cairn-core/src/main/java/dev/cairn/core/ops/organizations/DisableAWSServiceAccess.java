package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Takes a service's trusted access away; a service without it is left as it is.
 */
public final class DisableAWSServiceAccess
        implements WriteOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "DisableAWSServiceAccess";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagement(organizations, call);
        organizations.disableService(organization.id(), Organizations.requireServicePrincipal(call));
        return Organizations.NODES.objectNode();
    }
}
