package dev.cairn.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The authenticated caller of a request.
 *
 * @param accountId the 12-digit account the principal belongs to
 * @param type root, IAM user, or assumed role
 * @param principalId the account id for root, the unique user id ({@code AIDA...}) for users, the role's id and the
 *         session name ({@code AROA...:name}) for an assumed role
 * @param arn {@code arn:aws:iam::<account>:root}, the user's ARN, or {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}
 * @param userName the IAM user name; {@code root} for the root user; the role session's name for an assumed role
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

    /**
     * A session of a role: its account is the role's, its session context names the role as issuer.
     */
    public static Principal assumedRole(SessionIssuer role, String sessionName, String accessKeyId, SessionContext session)
    {
        return new Principal(role.accountId(), PrincipalType.ASSUMED_ROLE, role.principalId() + ":" + sessionName,
                "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.userName() + "/" + sessionName, sessionName, accessKeyId, Optional.empty(), Optional.of(session));
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
