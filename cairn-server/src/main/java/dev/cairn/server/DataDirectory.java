package dev.cairn.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The data directory holds secrets (the database, the master key, the root user's credentials) and audit records:
 * only its owner may read it. On start it is created {@code 0700}, or, when it exists, it and everything under it
 * lose their group and other permissions (directories become {@code 0700}, files {@code 0600}), whatever made them
 * (an older Cairn, {@code mkdir}, a copied backup). Symbolic links are left as they are and not followed. An entry
 * that cannot be changed (another user's) is reported, not fatal. On a file system without POSIX permissions
 * nothing is changed.
 */
final class DataDirectory
{
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDirectory() {}

    /** What {@link #makePrivate} did. */
    record Result(int changed, int failed, Optional<String> firstFailure) {}

    /** Creates the directory owner-only, or makes an existing one and everything under it owner-only. */
    static Result makePrivate(Path directory)
            throws IOException
    {
        if (!Files.isDirectory(directory)) {
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            catch (UnsupportedOperationException e) {
                // not a POSIX file system
                Files.createDirectory(directory);
            }
            return new Result(0, 0, Optional.empty());
        }
        if (Files.getFileAttributeView(directory, PosixFileAttributeView.class) == null) {
            log.debug("{} is not on a POSIX file system: its permissions are left as they are", directory);
            return new Result(0, 0, Optional.empty());
        }
        Tightening tightening = new Tightening();
        // a data directory that is a symbolic link is walked where it points
        Files.walkFileTree(directory.toRealPath(), tightening);
        Result result = new Result(tightening.changed, tightening.failed, Optional.ofNullable(tightening.firstFailure));
        if (result.changed() > 0) {
            log.info("made {} files and directories in {} readable by their owner only", result.changed(), directory.toAbsolutePath());
        }
        if (result.failed() > 0) {
            String user = System.getProperty("user.name");
            log.warn("could not make {} files or directories in {} readable by their owner only, e.g. {}; they may belong to another user: make them {}'s "
                            + "(chown -R {} {}) or remove their group and other permissions (chmod -R go-rwx {})",
                    result.failed(), directory.toAbsolutePath(), result.firstFailure().orElse(""), user, user, directory.toAbsolutePath(), directory.toAbsolutePath());
        }
        return result;
    }

    private static final class Tightening
            extends SimpleFileVisitor<Path>
    {
        private int changed;
        private int failed;
        private String firstFailure;

        @Override
        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
        {
            tighten(directory, attributes);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
        {
            if (!attributes.isSymbolicLink()) {
                tighten(file, attributes);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e)
        {
            fail(file, e);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException e)
        {
            if (e != null) {
                fail(directory, e);
            }
            return FileVisitResult.CONTINUE;
        }

        private void tighten(Path path, BasicFileAttributes attributes)
        {
            try {
                // the walk's attributes are POSIX ones on a POSIX file system: no second stat per file
                Set<PosixFilePermission> permissions = attributes instanceof PosixFileAttributes posix
                        ? posix.permissions()
                        : Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
                if (permissions.stream().noneMatch(GROUP_AND_OTHERS::contains)) {
                    return;
                }
                Set<PosixFilePermission> ownerOnly = EnumSet.copyOf(permissions);
                ownerOnly.removeAll(GROUP_AND_OTHERS);
                Files.setPosixFilePermissions(path, ownerOnly);
                changed++;
            }
            catch (IOException | UnsupportedOperationException e) {
                fail(path, e);
            }
        }

        private void fail(Path path, Exception e)
        {
            failed++;
            if (firstFailure == null) {
                String reason = e instanceof FileSystemException problem && problem.getReason() != null ? problem.getReason() : e.toString();
                firstFailure = path + ": " + reason;
            }
        }
    }
}
