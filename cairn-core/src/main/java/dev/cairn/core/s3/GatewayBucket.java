package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A bucket of the S3 gateway's upstream store as Cairn keeps it: which account owns it, and its bucket policy (which
 * Cairn keeps and evaluates itself; the upstream never sees it). Buckets the upstream had before Cairn knew of them
 * belong to the first account.
 *
 * @param policy the bucket policy's JSON text, as given to {@code PutBucketPolicy}
 */
public record GatewayBucket(String name, String ownerAccountId, Instant creationDate, Optional<String> policy)
{
    public GatewayBucket
    {
        requireNonNull(name, "name is null");
        requireNonNull(ownerAccountId, "ownerAccountId is null");
        requireNonNull(creationDate, "creationDate is null");
        requireNonNull(policy, "policy is null");
    }

    public GatewayBucket withPolicy(Optional<String> newPolicy)
    {
        return new GatewayBucket(name, ownerAccountId, creationDate, newPolicy);
    }

    /** {@code arn:aws:s3:::name}. */
    public String arn()
    {
        return "arn:aws:s3:::" + name;
    }
}
