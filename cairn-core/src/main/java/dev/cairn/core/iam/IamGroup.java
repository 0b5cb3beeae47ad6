package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An IAM group.
 *
 * @param groupId the unique id ({@code AGPA...})
 * @param path the IAM path, {@code /} by default
 */
public record IamGroup(String accountId, String groupName, String groupId, String path, Instant createDate)
{
    public IamGroup
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(groupName, "groupName is null");
        requireNonNull(groupId, "groupId is null");
        requireNonNull(path, "path is null");
        requireNonNull(createDate, "createDate is null");
    }

    public String arn()
    {
        return arn(accountId, path, groupName);
    }

    public static String arn(String accountId, String path, String groupName)
    {
        return "arn:aws:iam::" + accountId + ":group" + path + groupName;
    }
}
