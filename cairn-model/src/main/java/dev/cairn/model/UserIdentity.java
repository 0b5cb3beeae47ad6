package dev.cairn.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The record's {@code userIdentity}: who made the call, with exactly the members AWS writes for it. Members AWS leaves
 * out are empty; an {@code accessKeyId} AWS writes as {@code ""} (failed console sign-ins) is present and empty.
 *
 * @param type {@code Root}, {@code IAMUser}, ...
 * @param userName the IAM user name; for the root user the account alias, when the account has one
 * @param lookupUsername the {@code Username} event history reports and searches ({@code root} for the root user, the
 *         session name for an assumed role)
 */
public record UserIdentity(
        String type,
        Optional<String> principalId,
        Optional<String> arn,
        String accountId,
        Optional<String> accessKeyId,
        Optional<String> userName,
        Optional<SessionContext> sessionContext,
        Optional<String> lookupUsername)
{
    public UserIdentity
    {
        requireNonNull(type, "type is null");
        requireNonNull(principalId, "principalId is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(sessionContext, "sessionContext is null");
        requireNonNull(lookupUsername, "lookupUsername is null");
    }

    /** The identity of an authenticated principal, as the records of its calls show it. */
    public static UserIdentity of(Principal principal)
    {
        // an assumed role's identity has no userName: the session issuer names the role, the ARN the session
        Optional<String> userName = switch (principal.type()) {
            case ROOT -> principal.accountAlias();
            case IAM_USER -> Optional.of(principal.userName());
            case ASSUMED_ROLE -> Optional.empty();
        };
        return new UserIdentity(principal.type().recordName(), Optional.of(principal.principalId()), Optional.of(principal.arn()), principal.accountId(),
                Optional.of(principal.accessKeyId()), userName, principal.session(), Optional.of(principal.userName()));
    }

    /** The access key, when the identity used one (not the empty string AWS writes for console sign-ins). */
    public Optional<String> usedAccessKeyId()
    {
        return accessKeyId.filter(key -> !key.isEmpty());
    }
}
