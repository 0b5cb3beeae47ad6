package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

public final class ListAttachedUserPolicies
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
        return "ListAttachedUserPolicies";
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
        return Iam.attachedPolicies(call, identities.attachedPolicyArns(call.accountId(), user.userName()));
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Iam.userResource(call);
    }
}
