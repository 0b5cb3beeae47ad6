package dev.cairn.core.ops.sts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

/**
 * Needs no permission, as in AWS: the same information is in any access-denied message.
 */
public final class GetCallerIdentity
        implements ReadOperation
{
    @Override
    public Service service()
    {
        return Service.STS;
    }

    @Override
    public String name()
    {
        return "GetCallerIdentity";
    }

    @Override
    public boolean requiresAuthorization()
    {
        return false;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
    {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("UserId", call.principal().principalId());
        output.put("Account", call.accountId());
        output.put("Arn", call.principal().arn());
        return output;
    }
}
