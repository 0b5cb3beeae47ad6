package dev.cairn.core.digest;

import static java.util.Objects.requireNonNull;

/**
 * The previous digest of a chain, as the next one names it ({@code previousDigest*}).
 */
public record DigestLink(String bucket, String key, String hashValue, String signature)
{
    public DigestLink
    {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(hashValue, "hashValue is null");
        requireNonNull(signature, "signature is null");
    }
}
