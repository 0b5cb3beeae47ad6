package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * An entry of an S3 record's {@code resources}, as AWS writes them:
 * {@code {"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::bucket/key"}} (objects carry no account),
 * {@code {"accountId": "<bucket owner>", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::bucket"}}, and for calls on
 * many objects (listings, {@code DeleteObjects}) {@code {"type": "AWS::S3::Object", "ARNPrefix": "arn:aws:s3:::bucket/prefix"}}.
 *
 * @param arnPrefix whether {@code arn} is written as {@code ARNPrefix}: the objects under it rather than one
 */
public record S3Resource(Optional<String> accountId, String type, String arn, boolean arnPrefix)
{
    public static final String BUCKET_TYPE = "AWS::S3::Bucket";
    public static final String OBJECT_TYPE = "AWS::S3::Object";

    public S3Resource
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(type, "type is null");
        requireNonNull(arn, "arn is null");
    }

    public static S3Resource bucket(String bucket, Optional<String> ownerAccountId)
    {
        return new S3Resource(ownerAccountId, BUCKET_TYPE, S3Request.bucketArn(bucket), false);
    }

    public static S3Resource object(String bucket, String key)
    {
        return new S3Resource(Optional.empty(), OBJECT_TYPE, S3Request.objectArn(bucket, key), false);
    }

    /** The objects of a bucket whose keys start with {@code prefix} (all of them for {@code ""}). */
    public static S3Resource objects(String bucket, String prefix)
    {
        return new S3Resource(Optional.empty(), OBJECT_TYPE, S3Request.objectArn(bucket, prefix), true);
    }

    public ObjectNode toJson()
    {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        accountId.ifPresent(value -> node.put("accountId", value));
        node.put("type", type);
        node.put(arnPrefix ? "ARNPrefix" : "ARN", arn);
        return node;
    }
}
