package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.trail.BucketPolicies;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Takes CloudTrail's delegated administration from a member account; the organization's trails stay as they are.
 */
public final class DeregisterOrganizationDelegatedAdmin
        implements WriteOperation
{
    @Override
    public Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    public String name()
    {
        return "DeregisterOrganizationDelegatedAdmin";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = OrganizationDelegatedAdmins.requireManagement(call, organizations);
        String member = Trails.text(call, "DelegatedAdminAccountId");
        OrganizationDelegatedAdmins.requireMember(organizations, organization, member);
        if (!organizations.deregisterDelegatedAdministrator(organization.id(), member, BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL)) {
            throw new CairnException(ErrorCode.CLOUDTRAIL_ACCOUNT_NOT_REGISTERED, "Account " + member + " is not registered as the CloudTrail delegated administrator.");
        }
        return Trails.NODES.objectNode();
    }
}
