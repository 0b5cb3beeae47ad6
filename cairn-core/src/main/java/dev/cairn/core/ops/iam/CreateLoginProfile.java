package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.LoginProfile;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Gives a user (or, without {@code UserName}, the caller) a console password. */
public final class CreateLoginProfile
        implements WriteOperation
{
    private final LoginProfiles profiles = new LoginProfiles();

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "CreateLoginProfile";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Iam.targetUserResource(call, metadata);
    }

    @Override
    public void prepare(CallContext call, MetadataReader metadata)
    {
        if (Iam.optionalText(call, "Password").isEmpty()) {
            throw new CairnException(ErrorCode.VALIDATION, "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null");
        }
        profiles.prepare(call);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        Optional<String> user = Iam.targetUser(call);
        if (user.isPresent()) {
            // the name as the user was created (IAM names are case-insensitive)
            user = Optional.of(Iam.requireUser(identities, call.accountId(), user.get()).userName());
        }
        String hash = profiles.hash(call).orElseThrow(() -> new IllegalStateException("password not prepared"));
        LoginProfile profile = new LoginProfile(call.accountId(), user, hash, call.receivedAt(), call.input().path("PasswordResetRequired").asBoolean(false));
        if (!identities.createLoginProfile(profile)) {
            throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, "Login Profile for user " + user.orElse("root") + " already exists.");
        }
        return LoginProfiles.output(profile);
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return LoginProfiles.resources(call);
    }
}
