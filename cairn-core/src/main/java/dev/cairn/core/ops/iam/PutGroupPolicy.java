package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.iam.InlinePolicy;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Adds or replaces an inline policy of a group after checking its grammar; IAM's aggregate size limit of inline group
 * policies (5,120 characters, whitespace not counted) applies.
 */
public final class PutGroupPolicy
        implements WriteOperation
{
    static final int MAXIMUM_INLINE_POLICY_SIZE = 5_120;

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "PutGroupPolicy";
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
        String policyName = Iam.text(call, "PolicyName");
        String document = Iam.text(call, "PolicyDocument");
        PolicyDocument.parse(document);
        int size = PutUserPolicy.significantLength(document);
        for (InlinePolicy other : groups.groupPolicies(call.accountId(), group.groupName())) {
            if (!other.policyName().equalsIgnoreCase(policyName)) {
                size += PutUserPolicy.significantLength(other.document());
            }
        }
        if (size > MAXIMUM_INLINE_POLICY_SIZE) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Maximum policy size of " + MAXIMUM_INLINE_POLICY_SIZE + " bytes exceeded for group " + group.groupName());
        }
        groups.putGroupPolicy(call.accountId(), group.groupName(), new InlinePolicy(policyName, document));
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(Iam.groupLookupResource(call), new LookupResource(Iam.POLICY_TYPE, Iam.text(call, "PolicyName")));
    }
}
