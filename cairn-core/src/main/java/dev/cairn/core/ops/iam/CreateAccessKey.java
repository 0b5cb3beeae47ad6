package dev.cairn.core.ops.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.AccessKey;
import dev.cairn.core.iam.AccessKeySecrets;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The only response that ever contains a secret access key. The model marks it sensitive, so the recorder leaves it
 * out of the event; the store keeps it only encrypted.
 */
public final class CreateAccessKey
        implements WriteOperation
{
    static final int ACCESS_KEYS_PER_USER = 2;

    private final IdGenerator ids;
    private final AccessKeySecrets secrets;

    public CreateAccessKey(IdGenerator ids, AccessKeySecrets secrets)
    {
        this.ids = requireNonNull(ids, "ids is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
    }

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "CreateAccessKey";
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
        Optional<String> userName = Iam.targetUser(call);
        if (userName.isPresent()) {
            IamUser user = Iam.requireUser(identities, call.accountId(), userName.get());
            userName = Optional.of(user.userName());
        }
        if (identities.accessKeys(call.accountId(), userName).size() >= ACCESS_KEYS_PER_USER) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for AccessKeysPerUser: " + ACCESS_KEYS_PER_USER);
        }
        String accessKeyId = ids.accessKeyId();
        String secret = ids.secretAccessKey();
        AccessKey key = new AccessKey(accessKeyId, secrets.encrypt(accessKeyId, secret), call.accountId(), userName, true, call.receivedAt());
        identities.putAccessKey(key);
        ObjectNode accessKey = Iam.accessKeyMetadata(key);
        accessKey.put("SecretAccessKey", secret);
        ObjectNode output = Iam.NODES.objectNode();
        output.set("AccessKey", accessKey);
        return output;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        List<LookupResource> resources = new ArrayList<>();
        output.map(node -> node.path("AccessKey").path("AccessKeyId").asText(null))
                .ifPresent(keyId -> resources.add(new LookupResource(Iam.ACCESS_KEY_TYPE, keyId)));
        resources.addAll(Iam.userResource(call));
        return resources;
    }
}
