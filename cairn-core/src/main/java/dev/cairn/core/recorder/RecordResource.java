package dev.cairn.core.recorder;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An entry of a record's {@code resources} member, which AWS writes for some calls (such as {@code AssumeRole}'s
 * role) and for every S3 data event: {@code {"accountId": ..., "type": "AWS::IAM::Role", "ARN": ...}}, in that order.
 * An S3 data event names its object without {@code accountId} and its bucket with the owner's:
 * {@code [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::b/k"}, {"accountId": ..., "type": "AWS::S3::Bucket",
 * "ARN": "arn:aws:s3:::b"}]}; a bucket-level data event (ListObjects, DeleteObjects, HeadBucket) names the objects it
 * covers by {@code ARNPrefix} instead ({@code "arn:aws:s3:::b/"}, with a listing's prefix after the slash). Trails'
 * data event selectors match these ARNs.
 *
 * @param accountId the owning account; left out of the record when empty (an S3 object); AWS writes {@code ""} for
 *         a bucket whose owner it hides from the caller
 * @param arnPrefix whether {@code arn} is written as {@code ARNPrefix}: it names the objects under it
 */
public record RecordResource(Optional<String> accountId, String type, String arn, boolean arnPrefix)
{
    public static final String S3_OBJECT = "AWS::S3::Object";
    public static final String S3_BUCKET = "AWS::S3::Bucket";
    private static final String S3_ARN = "arn:aws:s3:::";

    public RecordResource
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(type, "type is null");
        requireNonNull(arn, "arn is null");
    }

    /** A resource of an account, named by its ARN. */
    public RecordResource(String accountId, String type, String arn)
    {
        this(Optional.of(accountId), type, arn, false);
    }

    /** The object an S3 object call acted on: {@code {"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::bucket/key"}}. */
    public static RecordResource s3Object(String bucket, String key)
    {
        return new RecordResource(Optional.empty(), S3_OBJECT, S3_ARN + bucket + "/" + key, false);
    }

    /**
     * The objects a bucket-level data event covers: {@code {"type": "AWS::S3::Object", "ARNPrefix":
     * "arn:aws:s3:::bucket/prefix"}}, the prefix empty for the whole bucket.
     */
    public static RecordResource s3ObjectPrefix(String bucket, String prefix)
    {
        return new RecordResource(Optional.empty(), S3_OBJECT, S3_ARN + bucket + "/" + prefix, true);
    }

    /** The bucket of an S3 data event, with its owner: {@code {"accountId": owner, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::bucket"}}. */
    public static RecordResource s3Bucket(String ownerAccountId, String bucket)
    {
        return new RecordResource(Optional.of(ownerAccountId), S3_BUCKET, S3_ARN + bucket, false);
    }
}
