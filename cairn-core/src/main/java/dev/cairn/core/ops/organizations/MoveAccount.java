package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.MemberAccount;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Moves an account from the root or OU that holds it ({@code SourceParentId}) to another.
 */
public final class MoveAccount
        implements WriteOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "MoveAccount";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagement(organizations, call);
        MemberAccount account = Organizations.requireAccount(organizations, organization, Organizations.text(call, "AccountId"));
        String source = Organizations.text(call, "SourceParentId");
        String destination = Organizations.text(call, "DestinationParentId");
        if (!Organizations.parentExists(organizations, organization, source) || !account.parentId().equals(source)) {
            throw new CairnException(ErrorCode.SOURCE_PARENT_NOT_FOUND, "You specified a source parent that doesn't exist or doesn't hold the account.");
        }
        if (!Organizations.parentExists(organizations, organization, destination)) {
            throw new CairnException(ErrorCode.DESTINATION_PARENT_NOT_FOUND, "You specified a destination parent that doesn't exist.");
        }
        if (destination.equals(source)) {
            throw new CairnException(ErrorCode.DUPLICATE_ACCOUNT, "That account is already present in the specified destination.");
        }
        organizations.moveAccount(account, destination);
        return Organizations.NODES.objectNode();
    }
}
