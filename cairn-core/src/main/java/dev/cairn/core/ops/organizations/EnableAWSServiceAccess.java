package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.EnabledService;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Gives a service trusted access to the organization (in an organization with all features). Enabling it again
 * changes nothing, not even its {@code DateEnabled}.
 */
public final class EnableAWSServiceAccess
        implements WriteOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "EnableAWSServiceAccess";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagement(organizations, call);
        String principal = Organizations.requireServicePrincipal(call);
        if (!organization.allFeatures()) {
            throw Organizations.constraintViolation("ORGANIZATION_NOT_IN_ALL_FEATURES_MODE", "This operation requires the organization to have all features enabled.");
        }
        organizations.enableService(organization.id(), new EnabledService(principal, call.receivedAt()));
        return Organizations.NODES.objectNode();
    }
}
