package dev.cairn.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.spi.AbstractBucketStoreTest;
import dev.cairn.spi.BucketStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

public class TestLocalBucketStore
        extends AbstractBucketStoreTest
{
    @TempDir
    Path directory;

    @Override
    protected BucketStore createBucketStore()
    {
        return new LocalBucketStore(directory);
    }

    @Override
    protected void createBucket(String bucket)
            throws IOException
    {
        Files.createDirectories(directory.resolve(bucket));
    }

    @Override
    protected void setBucketPolicy(String bucket, String json)
            throws IOException
    {
        Path file = ((LocalBucketStore) buckets).policyFile(bucket);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    @Test
    public void bucketsAreDirectoriesWithNamesThatStayInTheRoot()
            throws IOException
    {
        Files.createDirectories(directory.resolve("logs"));
        assertThat(buckets.bucketExists("logs")).isTrue();
        assertThat(buckets.bucketExists("../logs")).isFalse();
        assertThat(buckets.bucketExists(".policies")).isFalse();
        assertThat(buckets.bucketExists(".metadata")).isFalse();
        assertThat(((LocalBucketStore) buckets).policyFile("logs")).isEqualTo(directory.resolve(".policies/logs/policy.json"));
    }

    @Test
    public void keysThatAreNoFilePathFail()
            throws IOException
    {
        Files.createDirectories(directory.resolve("logs"));
        BucketStore.ObjectAttributes attributes = new BucketStore.ObjectAttributes("application/json", Optional.empty(), Map.of("signature", "abc"));
        assertThatThrownBy(() -> buckets.put("logs", "../escape", new byte[0], attributes)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> buckets.put("logs", "a//b", new byte[0], attributes)).isInstanceOf(IOException.class);
        assertThat(directory.resolve("escape")).doesNotExist();
    }

    @Test
    public void userMetadataLivesBesideTheBucket()
            throws IOException
    {
        Files.createDirectories(directory.resolve("logs"));
        buckets.put("logs", "a/b.json.gz", new byte[] {1}, new BucketStore.ObjectAttributes("application/json", Optional.empty(), Map.of("signature", "abc")));
        assertThat(directory.resolve("logs/a/b.json.gz")).hasBinaryContent(new byte[] {1});
        assertThat(directory.resolve(".metadata/logs/a/b.json.gz.json")).hasContent("{\"signature\":\"abc\"}");
        assertThat(buckets.list("logs", "")).containsExactly("a/b.json.gz");
    }

    @Test
    public void writesAreOwnerOnly()
            throws IOException
    {
        assumeTrue(Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null, "a POSIX file system");
        LocalBucketStore store = new LocalBucketStore(directory.resolve("buckets"));
        Path bucket = store.createBucket("logs");
        store.putBucketPolicy("logs", "{}");
        store.put("logs", "AWSLogs/1/a.json.gz", new byte[] {1}, new BucketStore.ObjectAttributes("application/json", Optional.empty(), Map.of("signature", "abc")));
        assertThat(bucket).isEqualTo(directory.resolve("buckets/logs"));
        assertThat(store.bucketPolicy("logs")).contains("{}");
        try (Stream<Path> paths = Files.walk(directory.resolve("buckets"))) {
            assertThat(paths.toList()).hasSize(13).allSatisfy(path -> assertThat(permissions(path)).as(path.toString()).isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------"));
        }
    }

    private static String permissions(Path path)
    {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
