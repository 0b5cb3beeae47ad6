package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.CreateAccountStatus;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

public final class DescribeCreateAccountStatus
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "DescribeCreateAccountStatus";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        CreateAccountStatus status = organizations.createAccountStatus(organization.id(), Organizations.text(call, "CreateAccountRequestId"))
                .orElseThrow(() -> new CairnException(ErrorCode.CREATE_ACCOUNT_STATUS_NOT_FOUND,
                        "We can't find a create account request with the CreateAccountRequestId that you specified."));
        ObjectNode output = Organizations.NODES.objectNode();
        output.set("CreateAccountStatus", Organizations.createAccountStatus(status));
        return output;
    }
}
