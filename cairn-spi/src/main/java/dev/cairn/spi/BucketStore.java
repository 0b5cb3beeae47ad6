package dev.cairn.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where trails deliver their files: buckets of objects under keys, as in S3. Implementations: directories on local
 * disk laid out like buckets, and any S3-compatible endpoint. Thread-safe.
 */
public interface BucketStore
{
    /** Whether the bucket exists (and can be written, as far as the store can tell). */
    boolean bucketExists(String bucket)
            throws IOException;

    /**
     * The bucket's policy document (JSON), when it has one; empty when it has none (S3's {@code NoSuchBucketPolicy}).
     * CreateTrail checks it as AWS does.
     *
     * @throws IOException when the bucket does not exist (S3's {@code NoSuchBucket}) or the policy could not be read
     */
    Optional<String> bucketPolicy(String bucket)
            throws IOException;

    /**
     * Writes the object, replacing any object under the same key: writing the same key twice never leaves two
     * copies.
     *
     * @throws IOException when the object could not be written; nothing half-written is left visible
     */
    void put(String bucket, String key, byte[] content, ObjectAttributes attributes)
            throws IOException;

    /** The object's bytes and user metadata, when it exists. */
    Optional<StoredObject> get(String bucket, String key)
            throws IOException;

    /** Keys of the bucket that start with {@code prefix}, in ascending order. */
    List<String> list(String bucket, String prefix)
            throws IOException;

    /** For logs and errors, e.g. {@code http://127.0.0.1:9000} or a directory. */
    String describe();

    /**
     * @param contentType the object's {@code Content-Type}
     * @param kmsKeyId when present, the object is encrypted with SSE-KMS under this key (where the store supports it)
     * @param userMetadata {@code x-amz-meta-*} values
     */
    record ObjectAttributes(String contentType, Optional<String> kmsKeyId, Map<String, String> userMetadata)
    {
        public ObjectAttributes
        {
            requireNonNull(contentType, "contentType is null");
            requireNonNull(kmsKeyId, "kmsKeyId is null");
            userMetadata = Map.copyOf(userMetadata);
        }
    }

    record StoredObject(byte[] content, Map<String, String> userMetadata)
    {
        public StoredObject
        {
            requireNonNull(content, "content is null");
            userMetadata = Map.copyOf(userMetadata);
        }
    }
}
