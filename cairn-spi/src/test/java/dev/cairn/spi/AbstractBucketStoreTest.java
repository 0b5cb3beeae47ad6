package dev.cairn.spi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link BucketStore}: buckets, objects under keys with their user metadata, listings and bucket
 * policies. Every bucket store implementation extends this suite unchanged; the hooks do what the interface does not
 * offer (creating buckets, setting policies), as an operator would.
 */
public abstract class AbstractBucketStoreTest
{
    private static final BucketStore.ObjectAttributes JSON = new BucketStore.ObjectAttributes("application/json", Optional.empty(), Map.of());

    protected BucketStore buckets;

    /** A new store without buckets. */
    protected abstract BucketStore createBucketStore()
            throws IOException;

    /** Creates an empty bucket (a directory, CreateBucket). */
    protected abstract void createBucket(String bucket)
            throws IOException;

    /** Gives an existing bucket this policy, replacing any it has (a policy file, PutBucketPolicy). */
    protected abstract void setBucketPolicy(String bucket, String json)
            throws IOException;

    /** The {@code Content-Type} the object was stored with; empty when the store does not keep content types. */
    protected Optional<String> storedContentType(String bucket, String key)
            throws IOException
    {
        return Optional.empty();
    }

    @BeforeEach
    public void setUpBucketStore()
            throws IOException
    {
        buckets = createBucketStore();
    }

    @AfterEach
    public void tearDownBucketStore()
            throws IOException
    {
        if (buckets instanceof Closeable closeable) {
            closeable.close();
        }
    }

    private static byte[] bytes(String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static BucketStore.ObjectAttributes attributes(String contentType, Map<String, String> userMetadata)
    {
        return new BucketStore.ObjectAttributes(contentType, Optional.empty(), userMetadata);
    }

    @Test
    public void bucketExistsOnlyOnceCreated()
            throws IOException
    {
        assertThat(buckets.bucketExists("logs")).isFalse();
        createBucket("logs");
        assertThat(buckets.bucketExists("logs")).isTrue();
        assertThat(buckets.bucketExists("other-logs")).isFalse();
    }

    @Test
    public void putThenGetRoundTripsBytesAndUserMetadata()
            throws IOException
    {
        createBucket("logs");
        byte[] content = new byte[256];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Map<String, String> metadata = Map.of("signature", "4f2a9c", "signing-algorithm", "SHA256withRSA");
        buckets.put("logs", "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/file.json.gz", content, attributes("application/x-gzip", metadata));
        buckets.put("logs", "empty.json", new byte[0], JSON);

        BucketStore.StoredObject stored = buckets.get("logs", "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/file.json.gz").orElseThrow();
        assertThat(stored.content()).isEqualTo(content);
        assertThat(stored.userMetadata()).isEqualTo(metadata);
        // where the store keeps content types
        storedContentType("logs", "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/file.json.gz")
                .ifPresent(contentType -> assertThat(contentType).isEqualTo("application/x-gzip"));

        BucketStore.StoredObject empty = buckets.get("logs", "empty.json").orElseThrow();
        assertThat(empty.content()).isEmpty();
        assertThat(empty.userMetadata()).isEmpty();
    }

    @Test
    public void putReplacesTheObjectUnderTheSameKey()
            throws IOException
    {
        createBucket("logs");
        buckets.put("logs", "digest/file.json.gz", bytes("first"), attributes("application/json", Map.of("signature", "first")));
        buckets.put("logs", "digest/file.json.gz", bytes("second, longer"), attributes("application/json", Map.of("signature", "second")));
        assertThat(buckets.list("logs", "")).containsExactly("digest/file.json.gz");
        BucketStore.StoredObject stored = buckets.get("logs", "digest/file.json.gz").orElseThrow();
        assertThat(stored.content()).isEqualTo(bytes("second, longer"));
        assertThat(stored.userMetadata()).containsExactly(Map.entry("signature", "second"));

        // the metadata is replaced too, also by none
        buckets.put("logs", "digest/file.json.gz", bytes("third"), JSON);
        stored = buckets.get("logs", "digest/file.json.gz").orElseThrow();
        assertThat(stored.content()).isEqualTo(bytes("third"));
        assertThat(stored.userMetadata()).isEmpty();
        assertThat(buckets.list("logs", "")).containsExactly("digest/file.json.gz");
    }

    @Test
    public void getOfAMissingObjectOrBucketIsEmpty()
            throws IOException
    {
        createBucket("logs");
        buckets.put("logs", "a/b.json", bytes("{}"), JSON);
        assertThat(buckets.get("logs", "a/c.json")).isEmpty();
        assertThat(buckets.get("logs", "a")).isEmpty();
        assertThat(buckets.get("missing-logs", "a/b.json")).isEmpty();
    }

    @Test
    public void listsKeysInAscendingOrderByPrefix()
            throws IOException
    {
        createBucket("logs");
        createBucket("other-logs");
        List<String> keys = List.of(
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/b.json.gz",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/02/a.json.gz",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/a.json.gz",
                "p/AWSLogs/1/CloudTrail/us-west-2/2026/11/20/a.json.gz",
                "p/AWSLogs/1/CloudTrail-Digest/us-east-1/2026/11/20/d.json.gz",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/2.json",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/10/a.json.gz",
                "q.json",
                "p.json");
        for (String key : keys) {
            buckets.put("logs", key, bytes(key), JSON);
        }
        buckets.put("other-logs", "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/c.json.gz", bytes("elsewhere"), JSON);

        assertThat(buckets.list("logs", "")).isEqualTo(keys.stream().sorted().toList());
        assertThat(buckets.list("logs", "p/AWSLogs/1/CloudTrail/")).containsExactly(
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/02/a.json.gz",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/10/a.json.gz",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/2.json",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/a.json.gz",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/b.json.gz",
                "p/AWSLogs/1/CloudTrail/us-west-2/2026/11/20/a.json.gz");
        // a prefix that ends in the middle of a folder's or an object's name
        assertThat(buckets.list("logs", "p/AWSLogs/1/CloudTrail")).hasSize(7);
        assertThat(buckets.list("logs", "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/2")).containsExactly(
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/2.json",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/a.json.gz",
                "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/b.json.gz");
        assertThat(buckets.list("logs", "p/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/a")).containsExactly("p/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/a.json.gz");
        assertThat(buckets.list("logs", "p")).containsExactly(keys.stream().filter(key -> key.startsWith("p")).sorted().toArray(String[]::new));
        // a whole key, and prefixes that name nothing
        assertThat(buckets.list("logs", "q.json")).containsExactly("q.json");
        assertThat(buckets.list("logs", "p/AWSLogs/2/")).isEmpty();
        assertThat(buckets.list("logs", "p/AWSLogs/1/CloudTrail/eu-west-1")).isEmpty();
        assertThat(buckets.list("logs", "r")).isEmpty();
    }

    @Test
    public void putIntoAMissingBucketFailsAndLeavesNothing()
            throws IOException
    {
        assertThatThrownBy(() -> buckets.put("missing-logs", "a/b.json", bytes("{}"), JSON)).isInstanceOf(IOException.class);
        assertThat(buckets.bucketExists("missing-logs")).isFalse();
        createBucket("missing-logs");
        assertThat(buckets.list("missing-logs", "")).isEmpty();
        assertThat(buckets.get("missing-logs", "a/b.json")).isEmpty();
    }

    @Test
    public void bucketPolicyIsEmptyUntilOneIsSet()
            throws IOException
    {
        createBucket("logs");
        createBucket("other-logs");
        assertThat(buckets.bucketPolicy("logs")).isEmpty();

        String policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"AWSCloudTrailWrite","Effect":"Allow",\
                "Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject",\
                "Resource":"arn:aws:s3:::logs/AWSLogs/111122223333/*","Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}}]}""";
        setBucketPolicy("logs", policy);
        assertThat(buckets.bucketPolicy("logs")).contains(policy);
        assertThat(buckets.bucketPolicy("other-logs")).isEmpty();

        String replacement = policy.replace("111122223333", "444455556666");
        setBucketPolicy("logs", replacement);
        assertThat(buckets.bucketPolicy("logs")).contains(replacement);
    }

    @Test
    public void bucketPolicyOfAMissingBucketFails()
    {
        assertThatThrownBy(() -> buckets.bucketPolicy("missing-logs")).isInstanceOf(IOException.class);
    }
}
