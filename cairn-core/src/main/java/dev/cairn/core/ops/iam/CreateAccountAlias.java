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

/**
 * Gives the caller's account an alias, which the console's sign-in accepts in place of the account id. An account has
 * at most one: a new one replaces it. Aliases are unique across accounts.
 */
public final class CreateAccountAlias
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
        return "CreateAccountAlias";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        String alias = call.input().path("AccountAlias").asText();
        if (!new IdentityRepository(metadata).setAccountAlias(call.accountId(), alias)) {
            throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, "The account alias " + alias + " already exists.");
        }
        return Iam.NODES.objectNode();
    }
}
