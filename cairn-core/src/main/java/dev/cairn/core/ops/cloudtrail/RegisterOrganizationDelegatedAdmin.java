package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.organizations.DelegatedAdministrator;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.trail.BucketPolicies;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Makes a member account CloudTrail's delegated administrator: it may then create, change and delete the
 * organization's trails (which stay the management account's), at most three per organization.
 */
public final class RegisterOrganizationDelegatedAdmin
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
        return "RegisterOrganizationDelegatedAdmin";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = OrganizationDelegatedAdmins.requireManagement(call, organizations);
        String member = Trails.text(call, "MemberAccountId");
        if (member.equals(organization.managementAccountId())) {
            throw new CairnException(ErrorCode.CANNOT_DELEGATE_MANAGEMENT_ACCOUNT, "The management account of an organization cannot be registered as the CloudTrail "
                    + "delegated administrator.");
        }
        OrganizationDelegatedAdmins.requireMember(organizations, organization, member);
        if (organizations.isDelegatedAdministrator(organization.id(), member, BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL)) {
            throw new CairnException(ErrorCode.CLOUDTRAIL_ACCOUNT_REGISTERED, "Account " + member + " is already registered as the CloudTrail delegated administrator.");
        }
        long registered = organizations.delegatedAdministrators(organization.id()).stream()
                .filter(delegation -> delegation.servicePrincipal().equals(BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL))
                .count();
        if (registered >= OrganizationDelegatedAdmins.MAXIMUM_DELEGATED_ADMINS) {
            throw new CairnException(ErrorCode.DELEGATED_ADMIN_ACCOUNT_LIMIT_EXCEEDED, "An organization can have at most "
                    + OrganizationDelegatedAdmins.MAXIMUM_DELEGATED_ADMINS + " CloudTrail delegated administrators.");
        }
        organizations.registerDelegatedAdministrator(organization.id(), new DelegatedAdministrator(member, BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL, call.receivedAt()));
        return Trails.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of();
    }
}
