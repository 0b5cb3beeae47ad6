package dev.cairn.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.spi.BucketStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

public class TestLocalBucketStore
{
    @TempDir
    Path directory;

    @Test
    public void localBucketsAreDirectoriesAndWritesReplace()
            throws IOException
    {
        LocalBucketStore buckets = new LocalBucketStore(directory);
        assertThat(buckets.bucketExists("logs")).isFalse();
        Files.createDirectories(directory.resolve("logs"));
        assertThat(buckets.bucketExists("logs")).isTrue();
        assertThat(buckets.bucketExists("../logs")).isFalse();
        BucketStore.ObjectAttributes attributes = new BucketStore.ObjectAttributes("application/json", Optional.empty(), Map.of("signature", "abc"));
        buckets.put("logs", "a/b/c.json.gz", new byte[] {1}, attributes);
        buckets.put("logs", "a/b/c.json.gz", new byte[] {2}, attributes);
        assertThat(buckets.list("logs", "a/")).containsExactly("a/b/c.json.gz");
        BucketStore.StoredObject object = buckets.get("logs", "a/b/c.json.gz").orElseThrow();
        assertThat(object.content()).containsExactly(2);
        assertThat(object.userMetadata()).containsEntry("signature", "abc");
        assertThatThrownBy(() -> buckets.put("logs", "../escape", new byte[0], attributes)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> buckets.put("missing", "k", new byte[0], attributes)).isInstanceOf(IOException.class);
    }
}
