package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A console password: of an IAM user (CreateLoginProfile), or of an account's root user when {@code userName} is
 * empty. Only the bcrypt hash of the password is kept.
 */
public record LoginProfile(String accountId, Optional<String> userName, String passwordHash, Instant createDate, boolean passwordResetRequired)
{
    public LoginProfile
    {
        requireNonNull(accountId, "accountId is null");
        userName = userName == null ? Optional.empty() : userName;
        requireNonNull(passwordHash, "passwordHash is null");
        requireNonNull(createDate, "createDate is null");
    }

    @Override
    public String toString()
    {
        return "LoginProfile{" + accountId + ", " + userName.orElse("root") + "}";
    }
}
