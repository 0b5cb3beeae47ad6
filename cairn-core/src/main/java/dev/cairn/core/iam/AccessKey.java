package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An access key as stored. The secret is shown once, at creation, and is kept only encrypted with the master key
 * ({@link AccessKeySecrets}); it is decrypted to check a request's signature ({@link IdentityService#credential}).
 *
 * @param encryptedSecret the secret access key encrypted with the master key, bound to this key's id (base64)
 * @param userName the owning IAM user; empty for the account's root user
 * @param active {@code Active} or {@code Inactive}
 */
public record AccessKey(String accessKeyId, String encryptedSecret, String accountId, Optional<String> userName, boolean active, Instant createDate)
{
    public AccessKey
    {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(encryptedSecret, "encryptedSecret is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(createDate, "createDate is null");
    }

    public AccessKey withActive(boolean newActive)
    {
        return new AccessKey(accessKeyId, encryptedSecret, accountId, userName, newActive, createDate);
    }

    public String status()
    {
        return active ? "Active" : "Inactive";
    }

    @Override
    public String toString()
    {
        return "AccessKey{" + accessKeyId + ", account " + accountId + ", user " + userName.orElse("root") + ", " + status() + "}";
    }
}
