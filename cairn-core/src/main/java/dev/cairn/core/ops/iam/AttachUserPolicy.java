package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.policy.ManagedPolicies;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.Arn;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Attaches one of the AWS managed policies Cairn knows; at most 10 per user, as IAM's default quota.
 */
public final class AttachUserPolicy
        implements WriteOperation
{
    static final int POLICIES_PER_USER = 10;

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "AttachUserPolicy";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return List.of(Iam.userArn(call, metadata, Iam.text(call, "UserName")));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        IamUser user = Iam.requireUser(identities, call.accountId(), Iam.text(call, "UserName"));
        String policyArn = requireValidArn(Iam.text(call, "PolicyArn"));
        if (ManagedPolicies.byArn(policyArn).isEmpty()) {
            throw new CairnException(ErrorCode.NO_SUCH_ENTITY, "Policy " + policyArn + " does not exist or is not attachable.");
        }
        List<String> attached = identities.attachedPolicyArns(call.accountId(), user.userName());
        if (!attached.contains(policyArn) && attached.size() >= POLICIES_PER_USER) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for PoliciesPerUser: " + POLICIES_PER_USER);
        }
        identities.attachPolicy(call.accountId(), user.userName(), policyArn);
        return Iam.NODES.objectNode();
    }

    static String requireValidArn(String policyArn)
    {
        try {
            Arn arn = Arn.parse(policyArn);
            if (arn.service().equals("iam") && arn.resource().startsWith("policy/")) {
                return policyArn;
            }
        }
        catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CairnException(ErrorCode.INVALID_INPUT, "ARN " + policyArn + " is not valid.");
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(new LookupResource(Iam.POLICY_TYPE, Iam.text(call, "PolicyArn")), new LookupResource(Iam.USER_TYPE, Iam.text(call, "UserName")));
    }
}
