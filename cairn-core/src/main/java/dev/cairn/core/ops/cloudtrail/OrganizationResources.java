package dev.cairn.core.ops.cloudtrail;

import dev.cairn.core.api.CallContext;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * The rules organization trails follow, for CloudTrail's other organization resources (organization event data
 * stores): who may create and change them.
 */
public final class OrganizationResources
{
    private OrganizationResources() {}

    /**
     * The organization the caller may create an organization resource for: its account must be the management
     * account of an organization, or CloudTrail's delegated administrator in it, and the organization must have
     * enabled trusted access for CloudTrail ({@code OrganizationsNotInUseException},
     * {@code NotOrganizationMasterAccountException}, {@code CloudTrailAccessNotEnabledException} otherwise).
     */
    public static Organization organizationFor(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Trails.organizationForTrail(call, metadata);
    }

    /** Whether the account is CloudTrail's delegated administrator of the organization (it may manage its resources). */
    public static boolean isDelegatedAdministrator(MetadataReader metadata, String organizationId, String accountId)
            throws IOException
    {
        return new OrganizationRepository(metadata).isDelegatedAdministrator(organizationId, accountId, dev.cairn.core.trail.BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL);
    }
}
