package dev.cairn.target.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.spi.BucketStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Buckets as directories: bucket {@code b} is the directory {@code <root>/b}, and it exists when that directory
 * does ({@code mkdir -p <data-dir>/buckets/b} creates one). Object {@code k} is the file {@code <root>/b/k}, written
 * to a temporary file beside it and renamed into place, so a reader never sees half a file and writing a key again
 * replaces it. User metadata, when an object has any, is kept beside the bucket in
 * {@code <root>/.metadata/b/k.json} (bucket names cannot start with a dot). The bucket's policy, which CreateTrail
 * checks as AWS does, is the file {@code <root>/.policies/b/policy.json} beside the bucket directories.
 *
 * <p>What this class writes is its owner's only: directories {@code 0700}, files {@code 0600} from the moment they
 * are created (audit records are sensitive), where the file system has POSIX permissions.
 */
public final class LocalBucketStore
        implements BucketStore
{
    private static final String TEMPORARY_MARK = ".cairn-tmp-";
    private static final String POLICIES = ".policies";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path root;

    public LocalBucketStore(Path root)
    {
        this.root = requireNonNull(root, "root is null").toAbsolutePath();
    }

    public Path root()
    {
        return root;
    }

    @Override
    public boolean bucketExists(String bucket)
    {
        return validBucket(bucket) && Files.isDirectory(root.resolve(bucket));
    }

    @Override
    public Optional<String> bucketPolicy(String bucket)
            throws IOException
    {
        if (!bucketExists(bucket)) {
            throw new NoSuchFileException(root.resolve(bucket).toString(), null, "the bucket directory does not exist");
        }
        Path file = policyFile(bucket);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** Where a bucket directory's policy is: {@code <root>/.policies/<bucket>/policy.json}. */
    public Path policyFile(String bucket)
    {
        return root.resolve(POLICIES).resolve(bucket).resolve("policy.json");
    }

    /** Creates the root directory, where bucket directories are, if missing. */
    public void createRoot()
            throws IOException
    {
        createDirectories(root);
    }

    /** Creates the bucket's directory (and the root) if missing; returns it. */
    public Path createBucket(String bucket)
            throws IOException
    {
        if (!validBucket(bucket)) {
            throw new IOException("'" + bucket + "' cannot be a bucket directory's name");
        }
        Path directory = root.resolve(bucket);
        createDirectories(directory);
        return directory;
    }

    /** Writes the bucket's policy ({@link #policyFile}), replacing any. */
    public void putBucketPolicy(String bucket, String policy)
            throws IOException
    {
        if (!validBucket(bucket)) {
            throw new IOException("'" + bucket + "' cannot be a bucket directory's name");
        }
        writeAtomically(policyFile(bucket), policy.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void put(String bucket, String key, byte[] content, ObjectAttributes attributes)
            throws IOException
    {
        if (!bucketExists(bucket)) {
            throw new NoSuchFileException(root.resolve(bucket).toString(), null, "the bucket directory does not exist");
        }
        Path target = objectPath(root.resolve(bucket), key);
        writeAtomically(target, content);
        Path metadata = objectPath(root.resolve(".metadata").resolve(bucket), key + ".json");
        if (attributes.userMetadata().isEmpty()) {
            Files.deleteIfExists(metadata);
        }
        else {
            writeAtomically(metadata, JSON.writeValueAsBytes(attributes.userMetadata()));
        }
    }

    @Override
    public Optional<StoredObject> get(String bucket, String key)
            throws IOException
    {
        if (!bucketExists(bucket)) {
            return Optional.empty();
        }
        Path file = objectPath(root.resolve(bucket), key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Path metadataFile = objectPath(root.resolve(".metadata").resolve(bucket), key + ".json");
        Map<String, String> metadata = Files.isRegularFile(metadataFile)
                ? JSON.readValue(metadataFile.toFile(), new TypeReference<Map<String, String>>() {})
                : Map.of();
        return Optional.of(new StoredObject(Files.readAllBytes(file), metadata));
    }

    @Override
    public List<String> list(String bucket, String prefix)
            throws IOException
    {
        Path directory = root.resolve(bucket);
        if (!bucketExists(bucket)) {
            throw new NoSuchFileException(directory.toString(), null, "the bucket directory does not exist");
        }
        // walk only the folder the prefix names, not the whole bucket
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? directory : directory.resolve(prefix.substring(0, slash)).normalize();
        if (!start.startsWith(directory)) {
            start = directory;
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith(TEMPORARY_MARK))
                    .map(file -> directory.relativize(file).toString().replace(java.io.File.separatorChar, '/'))
                    .filter(key -> key.startsWith(prefix))
                    .sorted()
                    .toList();
        }
        catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String describe()
    {
        return root.toString();
    }

    private static void writeAtomically(Path target, byte[] content)
            throws IOException
    {
        createDirectories(target.getParent());
        Path temporary = target.resolveSibling(TEMPORARY_MARK + UUID.randomUUID());
        try {
            try {
                Files.createFile(temporary, OWNER_ONLY_FILE);
            }
            catch (UnsupportedOperationException e) {
                // not a POSIX file system
                Files.createFile(temporary);
            }
            Files.write(temporary, content);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creates the directory and its missing parents, owner-only. */
    private static void createDirectories(Path directory)
            throws IOException
    {
        try {
            Files.createDirectories(directory, OWNER_ONLY_DIRECTORY);
        }
        catch (UnsupportedOperationException e) {
            // not a POSIX file system
            Files.createDirectories(directory);
        }
    }

    private static Path objectPath(Path bucketDirectory, String key)
            throws IOException
    {
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.startsWith(TEMPORARY_MARK)) {
                throw new IOException("object key " + key + " cannot be stored as a file");
            }
        }
        return bucketDirectory.resolve(key);
    }

    private static boolean validBucket(String bucket)
    {
        return !bucket.isEmpty() && !bucket.startsWith(".") && !bucket.contains("/") && !bucket.contains("\\");
    }
}
