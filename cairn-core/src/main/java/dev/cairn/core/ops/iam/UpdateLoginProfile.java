package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** Changes a user's console password and/or whether it must be reset at the next sign-in. */
public final class UpdateLoginProfile
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
        return "UpdateLoginProfile";
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
        profiles.prepare(call);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        LoginProfile current = LoginProfiles.require(call, identities);
        boolean resetRequired = call.input().has("PasswordResetRequired") ? call.input().path("PasswordResetRequired").asBoolean() : current.passwordResetRequired();
        identities.putLoginProfile(new LoginProfile(current.accountId(), current.userName(), profiles.hash(call).orElse(current.passwordHash()),
                current.createDate(), resetRequired));
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return LoginProfiles.resources(call);
    }
}
