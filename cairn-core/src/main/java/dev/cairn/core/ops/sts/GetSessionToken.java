package dev.cairn.core.ops.sts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.SessionToken;
import dev.cairn.core.iam.SessionTokens;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;
import dev.cairn.spi.MetadataReader;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Temporary credentials for an IAM user or the root user, acting as themselves: 900 s to 36 h (12 h by default), at
 * most an hour for the root user. Needs no permission, as in AWS, and cannot be called with temporary credentials.
 * Cairn has no MFA devices: a {@code SerialNumber} is refused. Such a session may not call IAM, nor STS beyond
 * {@code AssumeRole} and {@code GetCallerIdentity} (see {@link dev.cairn.core.iam.Authorizer}).
 */
public final class GetSessionToken
        implements ReadOperation
{
    static final int DEFAULT_DURATION_SECONDS = 43_200;
    static final int ROOT_MAXIMUM_DURATION_SECONDS = 3_600;

    private final IdGenerator ids;
    private final SessionTokens tokens;

    public GetSessionToken(IdGenerator ids, SessionTokens tokens)
    {
        this.ids = requireNonNull(ids, "ids is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    @Override
    public Service service()
    {
        return Service.STS;
    }

    @Override
    public String name()
    {
        return "GetSessionToken";
    }

    @Override
    public boolean requiresAuthorization()
    {
        return false;
    }

    @Override
    public boolean readsMetadata()
    {
        return false;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
    {
        Principal caller = call.principal();
        if (caller.session().isPresent()) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, "Cannot call GetSessionToken with session credentials");
        }
        if (call.input().hasNonNull("SerialNumber") || call.input().hasNonNull("TokenCode")) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, "MultiFactorAuthentication failed, unable to validate MFA code. Cairn has no MFA devices.");
        }
        int duration = call.input().has("DurationSeconds") ? call.input().get("DurationSeconds").asInt() : DEFAULT_DURATION_SECONDS;
        if (caller.isRoot()) {
            duration = Math.min(duration, ROOT_MAXIMUM_DURATION_SECONDS);
        }
        Instant issued = call.receivedAt().truncatedTo(ChronoUnit.SECONDS);
        Optional<SessionToken.UserSession> user = caller.type() == PrincipalType.IAM_USER
                ? Optional.of(new SessionToken.UserSession(caller.userName(), caller.principalId(), userPath(caller)))
                : Optional.empty();
        SessionToken session = new SessionToken(ids.temporaryAccessKeyId(caller.accountId()), ids.secretAccessKey(), issued, issued.plusSeconds(duration),
                caller.accountId(), user, Optional.empty(), false);
        ObjectNode output = Sts.NODES.objectNode();
        output.set("Credentials", Sts.credentials(session, tokens.seal(session)));
        return output;
    }

    /** The path in a user's ARN ({@code arn:aws:iam::<account>:user<path><name>}). */
    private static String userPath(Principal user)
    {
        String resource = user.arn().substring(user.arn().indexOf(":user") + ":user".length());
        return resource.substring(0, resource.length() - user.userName().length());
    }

    @Override
    public Optional<ObjectNode> responseElements(ObjectNode output)
    {
        return Optional.of(Sts.withoutSecrets(output));
    }
}
