package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.MemberAccount;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.core.organizations.OrganizationalUnit;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.Optional;

/**
 * The root or OU that directly holds an account or OU (there is one).
 */
public final class ListParents
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListParents";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        String childId = Organizations.text(call, "ChildId");
        Organizations.nextToken(call);
        Optional<String> parentId = childId.startsWith("ou-")
                ? organizations.organizationalUnit(organization.id(), childId).map(OrganizationalUnit::parentId)
                : organizations.account(organization.id(), childId).map(MemberAccount::parentId);
        if (parentId.isEmpty()) {
            throw new CairnException(ErrorCode.CHILD_NOT_FOUND, "You specified a child that doesn't exist.");
        }
        ObjectNode output = Organizations.NODES.objectNode();
        ObjectNode parent = output.putArray("Parents").addObject();
        parent.put("Id", parentId.get());
        parent.put("Type", parentId.get().equals(organization.rootId()) ? "ROOT" : "ORGANIZATIONAL_UNIT");
        return output;
    }
}
