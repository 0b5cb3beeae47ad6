package dev.cairn.store.sqlite;

import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;

/**
 * Opening and closing SQLite connections with Cairn's settings: WAL, full sync, a generous busy timeout.
 */
final class Sqlite
{
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private Sqlite() {}

    /**
     * A writer connection that leaves WAL checkpoints to a background thread (see {@link #checkpoint}) instead of
     * running them inside its commits, and that waits for the write lock by polling every 20 µs. Every connection
     * that writes the journal's database must wait this way: SQLite's default back-off sleeps 1, 2, 5, ... 100 ms
     * and loses the lock, again and again, to a writer that commits back to back.
     *
     * <p>Content that is deleted or replaced is overwritten with zeros in the pages SQLite writes anyway
     * ({@code secure_delete=FAST}, no extra I/O): a secret replaced by its encrypted form leaves no copy in the file's
     * free space once the WAL is checkpointed.
     */
    static Connection openWriter(Path file)
            throws SQLException
    {
        Connection connection = open(file, false, false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint=0");
            statement.execute("PRAGMA secure_delete=FAST");
        }
        pollForLocks(connection);
        return connection;
    }

    private static void pollForLocks(Connection connection)
            throws SQLException
    {
        BusyHandler.setHandler(connection, new BusyHandler()
        {
            private long waitStarted;

            @Override
            protected int callback(int previousInvocations)
            {
                if (previousInvocations == 0) {
                    waitStarted = System.nanoTime();
                }
                LockSupport.parkNanos(20_000);
                return System.nanoTime() - waitStarted < BUSY_TIMEOUT_MILLIS * 1_000_000L ? 1 : 0;
            }
        });
    }

    /** Copies committed WAL pages into the database without blocking readers or the writer. */
    static void checkpoint(Connection connection)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
    }

    /**
     * @param mapped whether reads map the file ({@code mmap_size} 1 GB): pages are then shared through the OS cache
     * instead of copied per connection. Only for files written rarely: SQLite drops a connection's whole map at the
     * start of every read transaction that follows another connection's commit, and maps the file again, and the
     * journal's database commits hundreds of times a second. There, unmapping cost a fifth of Cairn's CPU
     * (docs/benchmarks.md, "S3 gateway").
     */
    static Connection open(Path file, boolean readOnly, boolean mapped)
            throws SQLException
    {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setReadOnly(readOnly);
        // after a checkpoint, a WAL that grew larger (bursts, long reads) is truncated back to this size
        config.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, Long.toString(64L << 20));
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, mapped ? Long.toString(1L << 30) : "0");
        if (readOnly) {
            config.setCacheSize(-4_096);
        }
        else {
            config.setCacheSize(-32_768);
        }
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /**
     * Creates the database file readable by its owner only, if it does not exist; SQLite gives its -wal and -shm
     * files the same permissions. Audit records and secrets live in these files.
     */
    static void createOwnerOnly(Path file)
            throws java.io.IOException
    {
        if (java.nio.file.Files.exists(file)) {
            return;
        }
        try {
            java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    /** Creates the directory readable by its owner only (and its missing parents), if it does not exist. */
    static void createOwnerOnlyDirectory(Path directory)
            throws java.io.IOException
    {
        if (java.nio.file.Files.isDirectory(directory)) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(directory, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        catch (UnsupportedOperationException e) {
            // not a POSIX file system
            java.nio.file.Files.createDirectories(directory);
        }
    }

    static void closeQuietly(AutoCloseable closeable)
    {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        }
        catch (Exception ignored) {
            // closing is best effort
        }
    }
}
