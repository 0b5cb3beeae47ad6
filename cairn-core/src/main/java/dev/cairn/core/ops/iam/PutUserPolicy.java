package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdentityRepository;
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
 * Adds or replaces an inline policy after checking its grammar; IAM's aggregate size limit of inline user policies
 * (2,048 characters, whitespace not counted) applies.
 */
public final class PutUserPolicy
        implements WriteOperation
{
    static final int MAXIMUM_INLINE_POLICY_SIZE = 2_048;

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "PutUserPolicy";
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
        String policyName = Iam.text(call, "PolicyName");
        String document = Iam.text(call, "PolicyDocument");
        PolicyDocument.parse(document);
        int size = significantLength(document);
        for (InlinePolicy other : identities.userPolicies(call.accountId(), user.userName())) {
            if (!other.policyName().equalsIgnoreCase(policyName)) {
                size += significantLength(other.document());
            }
        }
        if (size > MAXIMUM_INLINE_POLICY_SIZE) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Maximum policy size of " + MAXIMUM_INLINE_POLICY_SIZE + " bytes exceeded for user " + user.userName());
        }
        identities.putUserPolicy(call.accountId(), user.userName(), new InlinePolicy(policyName, document));
        return Iam.NODES.objectNode();
    }

    /** The length IAM counts against policy size quotas: whitespace is not counted. */
    static int significantLength(String document)
    {
        int length = 0;
        for (int i = 0; i < document.length(); i++) {
            if (!Character.isWhitespace(document.charAt(i))) {
                length++;
            }
        }
        return length;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(new LookupResource(Iam.USER_TYPE, Iam.text(call, "UserName")), new LookupResource(Iam.POLICY_TYPE, Iam.text(call, "PolicyName")));
    }
}
