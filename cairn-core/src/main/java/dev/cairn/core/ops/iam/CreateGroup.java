package dev.cairn.core.ops.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Creates a group; at most 300 per account, IAM's default quota.
 */
public final class CreateGroup
        implements WriteOperation
{
    static final int GROUPS_PER_ACCOUNT = 300;

    private final IdGenerator ids;

    public CreateGroup(IdGenerator ids)
    {
        this.ids = requireNonNull(ids, "ids is null");
    }

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "CreateGroup";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(IamGroup.arn(call.accountId(), Iam.optionalText(call, "Path").orElse("/"), Iam.text(call, "GroupName")));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        GroupRepository groups = new GroupRepository(metadata);
        String groupName = Iam.text(call, "GroupName");
        if (groups.groupCount(call.accountId()) >= GROUPS_PER_ACCOUNT) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for GroupsPerAccount: " + GROUPS_PER_ACCOUNT);
        }
        IamGroup group = new IamGroup(call.accountId(), groupName, ids.groupId(), Iam.optionalText(call, "Path").orElse("/"), call.receivedAt());
        if (!groups.createGroup(group)) {
            throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, "Group with name " + groupName + " already exists.");
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("Group", Iam.group(group));
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(Iam.groupLookupResource(call));
    }
}
