package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/** Removes the caller's account alias. */
public final class DeleteAccountAlias
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
        return "DeleteAccountAlias";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        String alias = call.input().path("AccountAlias").asText();
        if (!new IdentityRepository(metadata).deleteAccountAlias(call.accountId(), alias)) {
            throw new CairnException(ErrorCode.NO_SUCH_ENTITY, "The account alias " + alias + " cannot be found.");
        }
        return Iam.NODES.objectNode();
    }
}
