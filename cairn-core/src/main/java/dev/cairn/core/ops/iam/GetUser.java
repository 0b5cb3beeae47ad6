package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Without {@code UserName}, describes the caller; for the root user that is the account's root identity.
 */
public final class GetUser
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
        return "GetUser";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Iam.targetUserResource(call, metadata);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        ObjectNode output = Iam.NODES.objectNode();
        Optional<String> userName = Iam.targetUser(call);
        if (userName.isEmpty()) {
            ObjectNode root = Iam.NODES.objectNode();
            root.put("UserId", call.accountId());
            root.put("Arn", call.principal().arn());
            identities.account(call.accountId()).ifPresent(account -> root.put("CreateDate", Iam.epochSeconds(account.createDate())));
            output.set("User", root);
            return output;
        }
        output.set("User", Iam.user(Iam.requireUser(identities, call.accountId(), userName.get())));
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Iam.userResource(call);
    }
}
