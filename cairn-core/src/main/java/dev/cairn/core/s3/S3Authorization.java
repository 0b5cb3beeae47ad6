package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One (IAM action, resource ARN) pair a request needs allowed: an S3 request needs every pair of {@link #of} (a copy
 * needs to write its target and to read its source). Resources are {@code arn:aws:s3:::bucket} and
 * {@code arn:aws:s3:::bucket/key}; {@code ListBuckets} has no resource ({@code *}).
 *
 * <p>Extra actions from AWS's "Required permissions for Amazon S3 API operations"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html) and the Service
 * Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html):
 * an object written with tags ({@code x-amz-tagging}) needs {@code s3:PutObjectTagging}, with object lock headers
 * {@code s3:PutObjectRetention} or {@code s3:PutObjectLegalHold}; a bucket created with an ACL ({@code x-amz-acl},
 * {@code x-amz-grant-*}) needs {@code s3:PutBucketAcl}, with object lock {@code s3:PutBucketObjectLockConfiguration}
 * and {@code s3:PutBucketVersioning}, with object ownership {@code s3:PutBucketOwnershipControls}; a copy's source
 * {@code s3:GetObject} (or {@code s3:GetObjectVersion} for a version). An object written with a canned ACL needs only
 * {@code s3:PutObject}, which policies then restrict with {@code s3:x-amz-acl}: AWS's own examples grant uploads with
 * {@code bucket-owner-full-control} so (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html),
 * as CloudTrail's bucket policy does.
 */
public record S3Authorization(String action, String resource)
{
    private static final List<String> ACL_HEADERS = List.of("x-amz-acl", "x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp",
            "x-amz-grant-full-control");

    public S3Authorization
    {
        requireNonNull(action, "action is null");
        requireNonNull(resource, "resource is null");
    }

    /**
     * What a request needs allowed. {@code DeleteObjects} names its objects in its body: see {@link #forDeleteObjects}.
     *
     * @throws IllegalArgumentException for {@code DeleteObjects}
     * @throws S3Exception {@code InvalidArgument} for a copy whose {@code x-amz-copy-source} does not parse
     */
    public static List<S3Authorization> of(S3Operation operation, S3Request request)
    {
        if (operation == S3Operation.DELETE_OBJECTS) {
            throw new IllegalArgumentException("DeleteObjects is authorized for each object of its body");
        }
        String resource = request.resourceArn();
        List<S3Authorization> authorizations = new ArrayList<>();
        authorizations.add(new S3Authorization(operation.action(request), resource));
        switch (operation) {
            case CREATE_BUCKET -> {
                if (hasAcl(request)) {
                    authorizations.add(new S3Authorization("s3:PutBucketAcl", resource));
                }
                if (request.header("x-amz-bucket-object-lock-enabled").filter("true"::equalsIgnoreCase).isPresent()) {
                    authorizations.add(new S3Authorization("s3:PutBucketObjectLockConfiguration", resource));
                    authorizations.add(new S3Authorization("s3:PutBucketVersioning", resource));
                }
                if (request.header("x-amz-object-ownership").isPresent()) {
                    authorizations.add(new S3Authorization("s3:PutBucketOwnershipControls", resource));
                }
            }
            case PUT_OBJECT, COPY_OBJECT, CREATE_MULTIPART_UPLOAD -> {
                if (request.header("x-amz-tagging").isPresent()) {
                    authorizations.add(new S3Authorization("s3:PutObjectTagging", resource));
                }
                if (request.header("x-amz-object-lock-mode").isPresent() || request.header("x-amz-object-lock-retain-until-date").isPresent()) {
                    authorizations.add(new S3Authorization("s3:PutObjectRetention", resource));
                }
                if (request.header("x-amz-object-lock-legal-hold").isPresent()) {
                    authorizations.add(new S3Authorization("s3:PutObjectLegalHold", resource));
                }
            }
            default -> {}
        }
        if (operation.copies()) {
            S3CopySource source = S3CopySource.parse(request.header("x-amz-copy-source").orElseThrow(() -> new IllegalArgumentException(operation + " without a copy source")));
            authorizations.add(new S3Authorization(source.versionId().isPresent() ? "s3:GetObjectVersion" : "s3:GetObject", source.arn()));
        }
        return List.copyOf(authorizations);
    }

    /** What a {@code DeleteObjects} request needs allowed: to delete each object (or version) its body names. */
    public static List<S3Authorization> forDeleteObjects(String bucket, List<S3ObjectIdentifier> objects)
    {
        return objects.stream()
                .map(object -> new S3Authorization(object.versionId().isPresent() ? "s3:DeleteObjectVersion" : "s3:DeleteObject", S3Request.objectArn(bucket, object.key())))
                .toList();
    }

    private static boolean hasAcl(S3Request request)
    {
        return ACL_HEADERS.stream().anyMatch(name -> request.header(name).isPresent());
    }
}
