package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An access key. The secret is shown once, at creation, and never leaves the store otherwise.
 *
 * @param userName the owning IAM user; empty for the account's root user
 * @param active {@code Active} or {@code Inactive}
 */
public record AccessKey(String accessKeyId, String secretAccessKey, String accountId, Optional<String> userName, boolean active, Instant createDate)
{
    public AccessKey
    {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(createDate, "createDate is null");
    }

    public AccessKey withActive(boolean newActive)
    {
        return new AccessKey(accessKeyId, secretAccessKey, accountId, userName, newActive, createDate);
    }

    public String status()
    {
        return active ? "Active" : "Inactive";
    }

    @Override
    public String toString()
    {
        // the secret never reaches logs
        return "AccessKey{" + accessKeyId + ", account " + accountId + ", user " + userName.orElse("root") + ", " + status() + "}";
    }
}
