package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.InlinePolicy;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Returns the document URL-encoded (RFC 3986), as IAM does; the AWS CLI decodes it.
 */
public final class GetUserPolicy
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
        return "GetUserPolicy";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return List.of(Iam.userArn(call, metadata, Iam.text(call, "UserName")));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        IamUser user = Iam.requireUser(identities, call.accountId(), Iam.text(call, "UserName"));
        String policyName = Iam.text(call, "PolicyName");
        InlinePolicy policy = identities.userPolicy(call.accountId(), user.userName(), policyName)
                .orElseThrow(() -> new CairnException(ErrorCode.NO_SUCH_ENTITY, "The user policy with name " + policyName + " cannot be found."));
        ObjectNode output = Iam.NODES.objectNode();
        output.put("UserName", user.userName());
        output.put("PolicyName", policy.policyName());
        output.put("PolicyDocument", urlEncode(policy.document()));
        return output;
    }

    static String urlEncode(String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(new LookupResource(Iam.USER_TYPE, Iam.text(call, "UserName")), new LookupResource(Iam.POLICY_TYPE, Iam.text(call, "PolicyName")));
    }
}
