package dev.cairn.core.digest;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A log file a trail wrote, kept until a digest lists it.
 *
 * @param hashValue lowercase hex SHA-256 of the uncompressed log file
 */
public record DeliveredLog(String s3Bucket, String s3Object, String hashValue, Instant oldestEventTime, Instant newestEventTime)
{
    public DeliveredLog
    {
        requireNonNull(s3Bucket, "s3Bucket is null");
        requireNonNull(s3Object, "s3Object is null");
        requireNonNull(hashValue, "hashValue is null");
        requireNonNull(oldestEventTime, "oldestEventTime is null");
        requireNonNull(newestEventTime, "newestEventTime is null");
    }
}
