package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/** The caller's account alias: a list of none or one, as IAM answers. */
public final class ListAccountAliases
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
        return "ListAccountAliases";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        ObjectNode output = Iam.NODES.objectNode();
        var aliases = output.putArray("AccountAliases");
        new IdentityRepository(metadata).accountAlias(call.accountId()).ifPresent(aliases::add);
        output.put("IsTruncated", false);
        return output;
    }
}
