package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The first account's root user, as the operator sets it ({@code CAIRN_ROOT_*}).
 *
 * @param accessKeyId with {@code secretAccessKey}: the root access key made on the first start; empty: one is generated
 * @param password the root user's console password, set at every start; empty: one is generated when it has none
 */
public record RootConfig(Optional<String> accessKeyId, Optional<String> secretAccessKey, Optional<String> password)
{
    public RootConfig
    {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(password, "password is null");
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("set both the root access key id and the root secret access key, or neither");
        }
    }

    /** Everything generated. */
    public static RootConfig generated()
    {
        return new RootConfig(Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public String toString()
    {
        // never a secret
        return "RootConfig{" + accessKeyId.orElse("generated key") + (password.isPresent() ? ", password given" : "") + "}";
    }
}
