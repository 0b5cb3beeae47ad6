package dev.cairn.core.ops.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

public final class CreateUser
        implements WriteOperation
{
    static final int USERS_PER_ACCOUNT = 5_000;

    private final IdGenerator ids;

    public CreateUser(IdGenerator ids)
    {
        this.ids = requireNonNull(ids, "ids is null");
    }

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "CreateUser";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(IamUser.arn(call.accountId(), Iam.optionalText(call, "Path").orElse("/"), Iam.text(call, "UserName")));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        String userName = Iam.text(call, "UserName");
        if (identities.userCount(call.accountId()) >= USERS_PER_ACCOUNT) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for UsersPerAccount: " + USERS_PER_ACCOUNT);
        }
        IamUser user = new IamUser(call.accountId(), userName, ids.userId(), Iam.optionalText(call, "Path").orElse("/"), call.receivedAt());
        if (!identities.createUser(user)) {
            throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, "User with name " + userName + " already exists.");
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("User", Iam.user(user));
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Iam.userResource(call);
    }
}
