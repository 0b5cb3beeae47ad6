package dev.cairn.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The authenticated caller of a request.
 *
 * @param accountId the 12-digit account the principal belongs to
 * @param type root or IAM user
 * @param principalId the account id for root, the unique user id ({@code AIDA...}) for users
 * @param arn {@code arn:aws:iam::<account>:root} or the user's ARN
 * @param userName the IAM user name; {@code root} for the root user
 * @param accessKeyId the access key that signed the request
 * @param accountAlias the account's alias, which records of the root user's calls show as its {@code userName}
 * @param session the session, when the principal acts with temporary credentials (a console session)
 */
public record Principal(String accountId, PrincipalType type, String principalId, String arn, String userName, String accessKeyId, Optional<String> accountAlias,
        Optional<SessionContext> session)
{
    public Principal
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(type, "type is null");
        requireNonNull(principalId, "principalId is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(accountAlias, "accountAlias is null");
        requireNonNull(session, "session is null");
    }

    public Principal(String accountId, PrincipalType type, String principalId, String arn, String userName, String accessKeyId)
    {
        this(accountId, type, principalId, arn, userName, accessKeyId, Optional.empty(), Optional.empty());
    }

    public static final String ROOT_USER_NAME = "root";

    public static Principal root(String accountId, String accessKeyId, Optional<String> accountAlias)
    {
        return new Principal(accountId, PrincipalType.ROOT, accountId, "arn:aws:iam::" + accountId + ":root", ROOT_USER_NAME, accessKeyId, accountAlias, Optional.empty());
    }

    public boolean isRoot()
    {
        return type == PrincipalType.ROOT;
    }

    /** The same principal acting in a session of temporary credentials with this key. */
    public Principal inSession(String sessionAccessKeyId, SessionContext context)
    {
        return new Principal(accountId, type, principalId, arn, userName, sessionAccessKeyId, accountAlias, Optional.of(context));
    }
}
