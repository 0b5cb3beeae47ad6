package dev.cairn.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

public class TestDataDirectory
{
    @TempDir
    Path temp;

    @BeforeEach
    public void posix()
    {
        assumeTrue(Files.getFileAttributeView(temp, PosixFileAttributeView.class) != null, "a POSIX file system");
    }

    @Test
    public void aNewDirectoryIsOwnerOnly()
            throws IOException
    {
        Path data = temp.resolve("nested/data");
        assertThat(DataDirectory.makePrivate(data)).isEqualTo(new DataDirectory.Result(0, 0, Optional.empty()));
        assertThat(mode(data)).isEqualTo("rwx------");
    }

    @Test
    public void anExistingDirectoryAndWhatIsInItBecomeOwnerOnly()
            throws IOException
    {
        Path data = Files.createDirectory(temp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = create(data.resolve("cairn.db"), "rw-r--r--");
        Path wal = create(data.resolve("cairn.db-wal"), "rw-rw-rw-");
        Path bucket = Files.createDirectories(data.resolve("buckets/logs"));
        Files.setPosixFilePermissions(bucket, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path log = create(bucket.resolve("a.json.gz"), "rw-r-----");
        Path alreadyPrivate = create(data.resolve("root-credentials"), "rw-------");
        Path readOnly = create(data.resolve("read-only"), "r--r--r--");
        // a link is neither followed nor changed: what it points to is not the data directory's
        Path outside = create(temp.resolve("outside.txt"), "rw-r--r--");
        Path link = Files.createSymbolicLink(data.resolve("link"), outside);

        DataDirectory.Result result = DataDirectory.makePrivate(data);

        // data, cairn.db, -wal, buckets (created with the umask's mode, 755 or 775 or ...), logs, a.json.gz, read-only
        assertThat(result.failed()).isZero();
        assertThat(result.changed()).isBetween(6, 7);
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(database)).isEqualTo("rw-------");
        assertThat(mode(wal)).isEqualTo("rw-------");
        assertThat(mode(data.resolve("buckets"))).isEqualTo("rwx------");
        assertThat(mode(bucket)).isEqualTo("rwx------");
        assertThat(mode(log)).isEqualTo("rw-------");
        assertThat(mode(alreadyPrivate)).isEqualTo("rw-------");
        // only group and other permissions go: the owner's stay as they were
        assertThat(mode(readOnly)).isEqualTo("r--------");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(mode(outside)).isEqualTo("rw-r--r--");

        assertThat(DataDirectory.makePrivate(data).changed()).isZero();
    }

    @Test
    public void aDataDirectoryThatIsALinkIsWalkedWhereItPoints()
            throws IOException
    {
        Path real = Files.createDirectory(temp.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = create(real.resolve("cairn.db"), "rw-r--r--");
        Path data = Files.createSymbolicLink(temp.resolve("data"), real);

        assertThat(DataDirectory.makePrivate(data).changed()).isEqualTo(2);
        assertThat(mode(real)).isEqualTo("rwx------");
        assertThat(mode(database)).isEqualTo("rw-------");
    }

    private static Path create(Path file, String mode)
            throws IOException
    {
        Files.writeString(file, "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String mode(Path path)
    {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
