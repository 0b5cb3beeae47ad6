package dev.cairn.store.sqlite;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opening and closing SQLite connections with Cairn's settings: WAL, full sync, a generous busy timeout.
 */
final class Sqlite
{
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private Sqlite() {}

    static Connection open(Path file, boolean readOnly)
            throws SQLException
    {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setReadOnly(readOnly);
        // map the file for reads: pages are shared through the OS cache instead of copied per connection
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(1L << 30));
        if (readOnly) {
            config.setCacheSize(-4_096);
        }
        else {
            config.setCacheSize(-32_768);
        }
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
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
