package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The object a copy reads ({@code CopyObject}, {@code UploadPartCopy}), from its {@code x-amz-copy-source} header:
 * {@code [/]bucket/key[?versionId=id]}, URL-encoded. Access point ARNs are not supported.
 * Format from AWS's CopyObject reference (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html).
 */
public record S3CopySource(String bucket, String key, Optional<String> versionId)
{
    public S3CopySource
    {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(versionId, "versionId is null");
    }

    /**
     * @throws S3Exception {@code InvalidArgument} when the header does not name a bucket and a key
     */
    public static S3CopySource parse(String header)
    {
        String source = header;
        Optional<String> versionId = Optional.empty();
        int query = source.indexOf('?');
        if (query >= 0) {
            String parameters = source.substring(query + 1);
            source = source.substring(0, query);
            if (!parameters.startsWith("versionId=")) {
                throw invalid();
            }
            versionId = Optional.of(S3Request.decode(parameters.substring("versionId=".length())));
        }
        if (source.startsWith("/")) {
            source = source.substring(1);
        }
        String decoded;
        try {
            decoded = S3Request.decode(source);
        }
        catch (S3Exception e) {
            throw invalid();
        }
        int slash = decoded.indexOf('/');
        if (decoded.startsWith("arn:") || slash <= 0 || slash == decoded.length() - 1) {
            throw invalid();
        }
        return new S3CopySource(decoded.substring(0, slash), decoded.substring(slash + 1), versionId);
    }

    /** As the record's {@code requestParameters} and the condition key {@code s3:x-amz-copy-source} carry it: decoded, without a leading slash. */
    public String text()
    {
        return bucket + "/" + key + versionId.map(id -> "?versionId=" + id).orElse("");
    }

    public String arn()
    {
        return S3Request.objectArn(bucket, key);
    }

    private static S3Exception invalid()
    {
        return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
    }
}
