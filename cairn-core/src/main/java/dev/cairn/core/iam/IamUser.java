package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An IAM user.
 *
 * @param userId the unique id ({@code AIDA...}), the user's {@code principalId}
 * @param path the IAM path, {@code /} by default
 */
public record IamUser(String accountId, String userName, String userId, String path, Instant createDate)
{
    public IamUser
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(path, "path is null");
        requireNonNull(createDate, "createDate is null");
    }

    public String arn()
    {
        return arn(accountId, path, userName);
    }

    public static String arn(String accountId, String path, String userName)
    {
        return "arn:aws:iam::" + accountId + ":user" + path + userName;
    }
}
