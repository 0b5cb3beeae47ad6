package dev.cairn.core.ops.cloudtrail;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;

import java.io.IOException;

/**
 * What RegisterOrganizationDelegatedAdmin and DeregisterOrganizationDelegatedAdmin share: the caller must be the
 * management account of an organization that has enabled trusted access for CloudTrail, and the account named a
 * member of it. The delegation is Organizations' own ({@code ListDelegatedAdministrators} shows it for
 * {@code cloudtrail.amazonaws.com}).
 */
final class OrganizationDelegatedAdmins
{
    /** AWS's quota of CloudTrail delegated administrators per organization. */
    static final int MAXIMUM_DELEGATED_ADMINS = 3;

    private OrganizationDelegatedAdmins() {}

    static Organization requireManagement(CallContext call, OrganizationRepository organizations)
            throws IOException
    {
        Organization organization = organizations.organizationOf(call.accountId())
                .orElseThrow(() -> new CairnException(ErrorCode.ORGANIZATIONS_NOT_IN_USE, "This account is not a member of an organization."));
        if (!organization.managementAccountId().equals(call.accountId())) {
            throw new CairnException(ErrorCode.NOT_ORGANIZATION_MANAGEMENT_ACCOUNT, "The account " + call.accountId() + " is not the management account of organization "
                    + organization.id() + ".");
        }
        Trails.requireCloudTrailAccess(organizations, organization);
        return organization;
    }

    static void requireMember(OrganizationRepository organizations, Organization organization, String accountId)
            throws IOException
    {
        if (organizations.account(organization.id(), accountId).isEmpty()) {
            throw new CairnException(ErrorCode.CLOUDTRAIL_ACCOUNT_NOT_FOUND, "Account " + accountId + " is not a member of organization " + organization.id() + ".");
        }
    }
}
