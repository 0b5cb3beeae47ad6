package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * The caller's organization; any of its accounts may ask.
 */
public final class DescribeOrganization
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "DescribeOrganization";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        ObjectNode output = Organizations.NODES.objectNode();
        output.set("Organization", Organizations.organization(Organizations.requireOrganization(new OrganizationRepository(metadata), call)));
        return output;
    }
}
