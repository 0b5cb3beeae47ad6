package dev.cairn.core.lake;

import org.duckdb.DuckDBConnection;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens DuckDB databases in memory as the Lake uses them: never installing or loading an extension (nothing can be
 * downloaded where Cairn runs; the driver has parquet, json and icu built in), with a memory limit and thread count
 * (DuckDB's default limit is 80% of the machine's memory), the time zone UTC (casts between TIMESTAMP WITH TIME ZONE
 * and TIMESTAMP, and timestamps printed, are UTC), and results streamed to the reader rather than materialized.
 */
final class DuckDatabases
{
    private DuckDatabases() {}

    /**
     * A new database, closed with the connection returned (and with every {@link DuckDBConnection#duplicate()} of it).
     *
     * @param tempDirectory where DuckDB spills what exceeds its memory; empty for no spilling at all
     */
    static DuckDBConnection open(long memoryBytes, int threads, String tempDirectory)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("allow_community_extensions", "false");
        properties.setProperty("memory_limit", Math.max(1, memoryBytes >> 20) + "MiB");
        properties.setProperty("threads", Integer.toString(threads));
        properties.setProperty("temp_directory", tempDirectory);
        properties.setProperty("jdbc_stream_results", "true");
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
        }
        catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
