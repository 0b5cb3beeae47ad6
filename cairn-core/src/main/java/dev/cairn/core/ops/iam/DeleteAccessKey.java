package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.AccessKey;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class DeleteAccessKey
        implements WriteOperation
{
    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "DeleteAccessKey";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Iam.targetUserResource(call, metadata);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        AccessKey key = AccessKeys.requireKey(identities, call);
        identities.deleteAccessKey(key);
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        List<LookupResource> resources = new ArrayList<>();
        resources.add(new LookupResource(Iam.ACCESS_KEY_TYPE, Iam.text(call, "AccessKeyId")));
        resources.addAll(Iam.userResource(call));
        return resources;
    }
}
