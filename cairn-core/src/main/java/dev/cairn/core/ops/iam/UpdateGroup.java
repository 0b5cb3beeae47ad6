package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives a group a new name, a new path, or both; its id, members and policies stay with it. As in IAM, the caller
 * needs permission on the group as it is and as it will be.
 */
public final class UpdateGroup
        implements WriteOperation
{
    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "UpdateGroup";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        String groupName = Iam.text(call, "GroupName");
        Optional<IamGroup> group = new GroupRepository(metadata).group(call.accountId(), groupName);
        String path = group.map(IamGroup::path).orElse("/");
        List<String> resources = new ArrayList<>();
        resources.add(IamGroup.arn(call.accountId(), path, groupName));
        String renamed = IamGroup.arn(call.accountId(), Iam.optionalText(call, "NewPath").orElse(path), Iam.optionalText(call, "NewGroupName").orElse(groupName));
        if (!resources.contains(renamed)) {
            resources.add(renamed);
        }
        return resources;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        GroupRepository groups = new GroupRepository(metadata);
        IamGroup group = Iam.requireGroup(groups, call.accountId(), Iam.text(call, "GroupName"));
        String newName = Iam.optionalText(call, "NewGroupName").orElse(group.groupName());
        IamGroup updated = new IamGroup(group.accountId(), newName, group.groupId(), Iam.optionalText(call, "NewPath").orElse(group.path()), group.createDate());
        if (!groups.updateGroup(group, updated)) {
            throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, "Group with name " + newName + " already exists.");
        }
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        List<LookupResource> resources = new ArrayList<>();
        resources.add(Iam.groupLookupResource(call));
        Iam.optionalText(call, "NewGroupName")
                .filter(name -> !name.equals(Iam.text(call, "GroupName")))
                .ifPresent(name -> resources.add(new LookupResource(Iam.GROUP_TYPE, name)));
        return resources;
    }
}
