package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An object named in a {@code DeleteObjects} body: its key, and a version when one is named.
 */
public record S3ObjectIdentifier(String key, Optional<String> versionId)
{
    public S3ObjectIdentifier
    {
        requireNonNull(key, "key is null");
        requireNonNull(versionId, "versionId is null");
    }
}
