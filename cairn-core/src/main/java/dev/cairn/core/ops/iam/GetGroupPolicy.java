package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.iam.InlinePolicy;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Returns the document URL-encoded (RFC 3986), as IAM does; the AWS CLI decodes it.
 */
public final class GetGroupPolicy
        implements ReadOperation
{
    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "GetGroupPolicy";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Iam.groupResource(call, metadata);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        GroupRepository groups = new GroupRepository(metadata);
        IamGroup group = Iam.requireGroup(groups, call.accountId(), Iam.text(call, "GroupName"));
        String policyName = Iam.text(call, "PolicyName");
        InlinePolicy policy = groups.groupPolicy(call.accountId(), group.groupName(), policyName)
                .orElseThrow(() -> new CairnException(ErrorCode.NO_SUCH_ENTITY, "The group policy with name " + policyName + " cannot be found."));
        ObjectNode output = Iam.NODES.objectNode();
        output.put("GroupName", group.groupName());
        output.put("PolicyName", policy.policyName());
        output.put("PolicyDocument", GetUserPolicy.urlEncode(policy.document()));
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(Iam.groupLookupResource(call), new LookupResource(Iam.POLICY_TYPE, Iam.text(call, "PolicyName")));
    }
}
