package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.LoginProfile;
import dev.cairn.core.iam.Passwords;
import dev.cairn.model.LookupResource;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * What the login profile operations share. A password is checked against the policy and hashed in
 * {@code prepare}, on the caller's thread: bcrypt takes tens of milliseconds, which the journal writer's thread
 * must not spend.
 */
final class LoginProfiles
{
    /** Hashes computed in {@code prepare}, for {@code execute} of the same call. */
    private final Map<CallContext, String> hashes = Collections.synchronizedMap(new WeakHashMap<>());

    /** Checks and hashes the call's {@code Password}, when it has one. */
    void prepare(CallContext call)
    {
        prepare(call, "Password");
    }

    /** Checks and hashes the new password in the call's member {@code member}, when it has one. */
    void prepare(CallContext call, String member)
    {
        Optional<String> password = Iam.optionalText(call, member);
        if (password.isEmpty()) {
            return;
        }
        Optional<String> violation = Passwords.policyViolation(password.get());
        if (violation.isPresent()) {
            throw new CairnException(ErrorCode.PASSWORD_POLICY_VIOLATION, violation.get());
        }
        hashes.put(call, Passwords.hash(password.get()));
    }

    /** The hash {@link #prepare} computed for the call's password, when it has one. */
    Optional<String> hash(CallContext call)
    {
        return Optional.ofNullable(hashes.remove(call));
    }

    /** The profile of the user the call names (or the caller), which must exist. */
    static LoginProfile require(CallContext call, IdentityRepository identities)
            throws IOException
    {
        Optional<String> user = Iam.targetUser(call);
        if (user.isPresent()) {
            Iam.requireUser(identities, call.accountId(), user.get());
        }
        return identities.loginProfile(call.accountId(), user)
                .orElseThrow(() -> new CairnException(ErrorCode.NO_SUCH_ENTITY, "Login Profile for " + (user.isPresent() ? "User " + user.get() : "the root user")
                        + " cannot be found."));
    }

    static ObjectNode output(LoginProfile profile)
    {
        ObjectNode output = Iam.NODES.objectNode();
        ObjectNode node = output.putObject("LoginProfile");
        node.put("UserName", profile.userName().orElse(""));
        node.put("CreateDate", Iam.epochSeconds(profile.createDate()));
        node.put("PasswordResetRequired", profile.passwordResetRequired());
        return output;
    }

    static List<LookupResource> resources(CallContext call)
    {
        return Iam.namedOrCallingUser(call).map(user -> List.of(new LookupResource(Iam.USER_TYPE, user))).orElse(List.of());
    }
}
