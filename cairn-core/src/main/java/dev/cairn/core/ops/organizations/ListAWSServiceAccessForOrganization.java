package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.EnabledService;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * The services with trusted access, in service principal order.
 */
public final class ListAWSServiceAccessForOrganization
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListAWSServiceAccessForOrganization";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        ObjectNode output = Organizations.NODES.objectNode();
        ArrayNode services = output.putArray("EnabledServicePrincipals");
        for (EnabledService service : Organizations.pageOf(call, organizations.enabledServices(organization.id()), EnabledService::servicePrincipal, output)) {
            ObjectNode node = services.addObject();
            node.put("ServicePrincipal", service.servicePrincipal());
            node.put("DateEnabled", Organizations.epochSeconds(service.dateEnabled()));
        }
        return output;
    }
}
