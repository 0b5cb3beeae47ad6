package dev.cairn.core.ops.organizations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.Tag;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationIds;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.core.organizations.OrganizationRepository.ChildType;
import dev.cairn.core.organizations.OrganizationalUnit;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Creates an OU under the root or another OU: names unique among its siblings, at most 5 levels deep and 1,000 OUs
 * in an organization, as AWS's quotas.
 */
public final class CreateOrganizationalUnit
        implements WriteOperation, OrganizationsOperation
{
    static final int MAXIMUM_DEPTH = 5;
    static final int MAXIMUM_ORGANIZATIONAL_UNITS = 1_000;

    private final OrganizationIds ids;

    public CreateOrganizationalUnit(OrganizationIds ids)
    {
        this.ids = requireNonNull(ids, "ids is null");
    }

    @Override
    public String name()
    {
        return "CreateOrganizationalUnit";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagement(organizations, call);
        String parentId = Organizations.text(call, "ParentId");
        String name = Organizations.text(call, "Name");
        String parentPath;
        if (parentId.equals(organization.rootId())) {
            parentPath = organization.rootPath();
        }
        else {
            parentPath = organizations.organizationalUnit(organization.id(), parentId)
                    .map(OrganizationalUnit::path)
                    .orElseThrow(() -> new CairnException(ErrorCode.PARENT_NOT_FOUND, "You specified a parent that doesn't exist."));
        }
        for (String siblingId : organizations.children(organization.id(), parentId, ChildType.ORGANIZATIONAL_UNIT, Optional.empty(), Integer.MAX_VALUE - 1).items()) {
            if (organizations.organizationalUnit(organization.id(), siblingId).map(sibling -> sibling.name().equals(name)).orElse(false)) {
                throw new CairnException(ErrorCode.DUPLICATE_ORGANIZATIONAL_UNIT, "An OU with the same name already exists.");
            }
        }
        if (organizations.organizationalUnitCount(organization.id()) >= MAXIMUM_ORGANIZATIONAL_UNITS) {
            throw Organizations.constraintViolation("OU_NUMBER_LIMIT_EXCEEDED", "You have reached the maximum number of OUs (" + MAXIMUM_ORGANIZATIONAL_UNITS
                    + ") in your organization.");
        }
        List<Tag> tags = Organizations.tags(call);
        OrganizationalUnit unit;
        do {
            String id = ids.organizationalUnitId(organization.rootId());
            unit = new OrganizationalUnit(organization.id(), id, name, parentId, parentPath + id + "/", call.receivedAt(), tags);
        }
        while (organizations.organizationalUnit(organization.id(), unit.id()).isPresent());
        if (unit.depth() > MAXIMUM_DEPTH) {
            throw Organizations.constraintViolation("OU_DEPTH_LIMIT_EXCEEDED", "You cannot create an OU tree that is more than " + MAXIMUM_DEPTH + " levels deep.");
        }
        organizations.createOrganizationalUnit(unit);
        ObjectNode output = Organizations.NODES.objectNode();
        output.set("OrganizationalUnit", Organizations.organizationalUnit(organization, unit));
        return output;
    }
}
