package dev.cairn.core.ops.organizations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.MemberAccount;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationIds;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Creates an organization whose management account is the caller's, with its root; all features unless
 * {@code CONSOLIDATED_BILLING} is asked for. An account in an organization cannot create another.
 */
public final class CreateOrganization
        implements WriteOperation, OrganizationsOperation
{
    private final OrganizationIds ids;

    public CreateOrganization(OrganizationIds ids)
    {
        this.ids = requireNonNull(ids, "ids is null");
    }

    @Override
    public String name()
    {
        return "CreateOrganization";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = new Organization(ids.organizationId(), call.accountId(), ids.rootId(),
                Organizations.optionalText(call, "FeatureSet").orElse(Organization.ALL_FEATURES), call.receivedAt());
        MemberAccount management = new MemberAccount(organization.id(), call.accountId(), Optional.empty(), Optional.empty(), MemberAccount.INVITED, call.receivedAt(),
                organization.rootId(), List.of());
        if (!organizations.createOrganization(organization, management)) {
            throw new CairnException(ErrorCode.ALREADY_IN_ORGANIZATION, "The AWS account is already a member of an organization.");
        }
        ObjectNode output = Organizations.NODES.objectNode();
        output.set("Organization", Organizations.organization(organization));
        return output;
    }
}
