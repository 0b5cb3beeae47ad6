package dev.cairn.model;

import static java.util.Objects.requireNonNull;

/**
 * The authenticated caller of a request.
 *
 * @param accountId the 12-digit account the principal belongs to
 * @param type root or IAM user
 * @param principalId the account id for root, the unique user id ({@code AIDA...}) for users
 * @param arn {@code arn:aws:iam::<account>:root} or the user's ARN
 * @param userName the IAM user name; {@code root} for the root user
 * @param accessKeyId the access key that signed the request
 */
public record Principal(String accountId, PrincipalType type, String principalId, String arn, String userName, String accessKeyId)
{
    public Principal
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(type, "type is null");
        requireNonNull(principalId, "principalId is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
    }

    public static final String ROOT_USER_NAME = "root";

    public static Principal root(String accountId, String accessKeyId)
    {
        return new Principal(accountId, PrincipalType.ROOT, accountId, "arn:aws:iam::" + accountId + ":root", ROOT_USER_NAME, accessKeyId);
    }

    public boolean isRoot()
    {
        return type == PrincipalType.ROOT;
    }
}
