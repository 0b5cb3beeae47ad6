package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.AccessKey;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

public final class ListAccessKeys
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
        return "ListAccessKeys";
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
        Optional<String> userName = Iam.targetUser(call);
        if (userName.isPresent()) {
            userName = Optional.of(Iam.requireUser(identities, call.accountId(), userName.get()).userName());
        }
        ArrayNode keys = Iam.NODES.arrayNode();
        for (AccessKey key : identities.accessKeys(call.accountId(), userName)) {
            keys.add(Iam.accessKeyMetadata(key));
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("AccessKeyMetadata", keys);
        Iam.page(output, Optional.empty());
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Iam.userResource(call);
    }
}
