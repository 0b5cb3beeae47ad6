package dev.cairn.core.lake;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The Lake's directories and files readable by Cairn's user only, as the rest of the data directory is: event data
 * stores hold every recorded event.
 */
final class OwnerOnly
{
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates the directory and its missing parents, each owner-only. */
    static Path createDirectories(Path directory)
            throws IOException
    {
        Path absolute = directory.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return directory;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            else {
                Files.createDirectory(absolute);
            }
        }
        catch (java.nio.file.FileAlreadyExistsException e) {
            // made meanwhile
        }
        return directory;
    }

    /** Makes a file owner-only (DuckDB writes its files with the process's umask). */
    static void restrict(Path file)
            throws IOException
    {
        if (POSIX) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }
}
