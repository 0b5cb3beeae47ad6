package dev.cairn.core.ops.sts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.AccessKey;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.Optional;

/**
 * The account an access key id belongs to: a stored key's account, else the account the key id carries (temporary
 * credentials' {@code ASIA} ids carry it, as AWS's do). As in AWS, the key's state is not told.
 */
public final class GetAccessKeyInfo
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
        return "GetAccessKeyInfo";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        String accessKeyId = call.input().path("AccessKeyId").asText();
        Optional<String> account = new IdentityRepository(metadata).accessKey(accessKeyId).map(AccessKey::accountId)
                .or(() -> IdGenerator.accountOfKeyId(accessKeyId));
        if (account.isEmpty()) {
            throw new CairnException(ErrorCode.VALIDATION, "The access key ID " + accessKeyId + " is not valid.");
        }
        ObjectNode output = Sts.NODES.objectNode();
        output.put("Account", account.get());
        return output;
    }
}
