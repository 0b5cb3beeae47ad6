package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An IAM role.
 *
 * @param roleId the unique id ({@code AROA...}), which role sessions carry in their {@code principalId}
 * @param path the IAM path, {@code /} by default
 * @param assumeRolePolicyDocument the trust policy as the caller sent it (not URL-encoded); validated when written
 *         (see {@link dev.cairn.core.iam.policy.PolicyDocument#parseTrustPolicy})
 * @param maxSessionDuration the longest session {@code AssumeRole} may grant, in seconds: 3,600 to 43,200
 * @param tags in the order they were added; keys unique regardless of case
 */
public record IamRole(
        String accountId,
        String roleName,
        String roleId,
        String path,
        String assumeRolePolicyDocument,
        int maxSessionDuration,
        Optional<String> description,
        Instant createDate,
        List<Tag> tags)
{
    public static final int DEFAULT_MAX_SESSION_DURATION = 3_600;

    public IamRole
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(roleName, "roleName is null");
        requireNonNull(roleId, "roleId is null");
        requireNonNull(path, "path is null");
        requireNonNull(assumeRolePolicyDocument, "assumeRolePolicyDocument is null");
        requireNonNull(description, "description is null");
        requireNonNull(createDate, "createDate is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
    }

    public String arn()
    {
        return arn(accountId, path, roleName);
    }

    public static String arn(String accountId, String path, String roleName)
    {
        return "arn:aws:iam::" + accountId + ":role" + path + roleName;
    }

    public IamRole withAssumeRolePolicyDocument(String document)
    {
        return new IamRole(accountId, roleName, roleId, path, document, maxSessionDuration, description, createDate, tags);
    }

    public IamRole withMaxSessionDuration(int seconds)
    {
        return new IamRole(accountId, roleName, roleId, path, assumeRolePolicyDocument, seconds, description, createDate, tags);
    }

    public IamRole withDescription(Optional<String> newDescription)
    {
        return new IamRole(accountId, roleName, roleId, path, assumeRolePolicyDocument, maxSessionDuration, newDescription, createDate, tags);
    }

    public IamRole withTags(List<Tag> newTags)
    {
        return new IamRole(accountId, roleName, roleId, path, assumeRolePolicyDocument, maxSessionDuration, description, createDate, newTags);
    }
}
