package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.iam.policy.ManagedPolicies;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Attaches one of the AWS managed policies Cairn knows to a group; at most 10 per group, as IAM's default quota.
 */
public final class AttachGroupPolicy
        implements WriteOperation
{
    static final int POLICIES_PER_GROUP = 10;

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "AttachGroupPolicy";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Iam.groupResource(call, metadata);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        GroupRepository groups = new GroupRepository(metadata);
        IamGroup group = Iam.requireGroup(groups, call.accountId(), Iam.text(call, "GroupName"));
        String policyArn = AttachUserPolicy.requireValidArn(Iam.text(call, "PolicyArn"));
        if (ManagedPolicies.byArn(policyArn).isEmpty()) {
            throw new CairnException(ErrorCode.NO_SUCH_ENTITY, "Policy " + policyArn + " does not exist or is not attachable.");
        }
        List<String> attached = groups.attachedPolicyArns(call.accountId(), group.groupName());
        if (!attached.contains(policyArn) && attached.size() >= POLICIES_PER_GROUP) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for PoliciesPerGroup: " + POLICIES_PER_GROUP);
        }
        groups.attachPolicy(call.accountId(), group.groupName(), policyArn);
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(new LookupResource(Iam.POLICY_TYPE, Iam.text(call, "PolicyArn")), Iam.groupLookupResource(call));
    }
}
