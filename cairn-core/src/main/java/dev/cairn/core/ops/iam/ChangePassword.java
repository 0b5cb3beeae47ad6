package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.LoginProfile;
import dev.cairn.core.iam.Passwords;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * An IAM user changes their own console password, giving the current one; this also clears
 * {@code PasswordResetRequired}. The root user cannot ({@code InvalidUserType}, as in IAM), nor can a role session.
 * Both passwords are checked in {@code prepare} (bcrypt, off the journal writer's thread); the change applies only if
 * the profile has not changed since.
 */
public final class ChangePassword
        implements WriteOperation
{
    private final LoginProfiles profiles = new LoginProfiles();
    /** The profile's hash that the old password was checked against in {@code prepare}. */
    private final Map<CallContext, String> checked = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "ChangePassword";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(call.principal().arn());
    }

    @Override
    public void prepare(CallContext call, MetadataReader metadata)
            throws IOException
    {
        switch (call.principal().type()) {
            case ROOT -> throw new CairnException(ErrorCode.INVALID_USER_TYPE, "ChangePassword is for IAM users: the root user changes its password with UpdateLoginProfile.");
            // a role session is no user, whatever its session name says
            case ASSUMED_ROLE -> throw new CairnException(ErrorCode.INVALID_USER_TYPE, "ChangePassword is for IAM users: a role session has no password.");
            case IAM_USER -> {
                // its own password
            }
        }
        LoginProfile profile = LoginProfiles.require(call, new IdentityRepository(metadata));
        if (!Passwords.matches(Iam.text(call, "OldPassword"), profile.passwordHash())) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, "The old password is incorrect.");
        }
        profiles.prepare(call, "NewPassword");
        checked.put(call, profile.passwordHash());
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        LoginProfile profile = LoginProfiles.require(call, identities);
        String hash = profiles.hash(call).orElseThrow(() -> new IllegalStateException("password not prepared"));
        if (!profile.passwordHash().equals(checked.remove(call))) {
            throw new CairnException(ErrorCode.ENTITY_TEMPORARILY_UNMODIFIABLE, "The password was changed while this request was checked: try again.");
        }
        identities.putLoginProfile(new LoginProfile(profile.accountId(), profile.userName(), hash, profile.createDate(), false));
        return Iam.NODES.objectNode();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return LoginProfiles.resources(call);
    }
}
