package dev.cairn.store.sqlite;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.LogEvent;
import dev.cairn.spi.LogEventCursor;
import dev.cairn.spi.LogEventWriter;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.LogStreamStatistics;
import dev.cairn.spi.StoredLogEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * CloudWatch Logs log events in {@code cairn.db}, so that they commit in the journal's transaction.
 *
 * <p>Table {@code log_events}: the sequence is the {@code INTEGER PRIMARY KEY AUTOINCREMENT} (the rowid: never
 * reused, increasing in commit order, as there is one writer), and the message is a BLOB of its UTF-8 bytes. Its
 * indexes {@code (log_group, log_stream, timestamp)} and {@code (log_group, timestamp)} end, like every SQLite index,
 * with the rowid: they are ordered by {@code (..., timestamp, sequence)} without storing the sequence twice. SQLite
 * does not seek on a row value that ends in the rowid ({@code (timestamp, sequence) > (?, ?)} reads every entry of the
 * cursor's timestamp), so a query after a cursor is two ranges, merged by SQLite: the rest of the cursor's timestamp
 * ({@code timestamp = ? AND sequence > ?}, a seek) and the later timestamps.
 *
 * <p>Table {@code log_stream_statistics}: per (group, stream), the stored bytes and the last ingestion time, updated
 * in the transaction that appends or deletes the events; the first and last timestamps are read from the stream's
 * index.
 *
 * <p>Thread-safety: the reads and {@link #expire} are thread-safe; a {@link Writer} belongs to the journal writer's
 * batch.
 */
final class SqliteLogEvents
        implements LogEvents
{
    // events deleted per transaction by expire: as the journal trimmer, short enough that the journal writer never
    // waits long for the database's write lock
    private static final int EXPIRE_SLICE = 2_000;
    // rows of one INSERT statement when a stream gets many events
    private static final int ROWS_PER_INSERT = 32;
    // a scan of at most this many streams merges their own index ranges; of more, it filters the group's range
    private static final int MERGED_STREAMS = 100;
    private static final String SELECT = "SELECT log_stream, timestamp, ingestion_time, sequence, message FROM log_events WHERE ";

    private final Connections connections;

    /** How the store lends its connections. */
    interface Connections
    {
        /** Runs {@code work} on a read connection in autocommit mode: each statement reads one snapshot. */
        <T> T read(SqlWork<T> work)
                throws IOException;

        /**
         * Runs {@code work} on the store's connection for writes off the journal writer's path, holding it alone.
         *
         * @throws IOException when the store is closed
         */
        <T> T writeAside(SqlWork<T> work)
                throws IOException;
    }

    @FunctionalInterface
    interface SqlWork<T>
    {
        T run(Connection connection)
                throws SQLException;
    }

    SqliteLogEvents(Connections connections)
    {
        this.connections = requireNonNull(connections, "connections is null");
    }

    static void createSchema(Statement statement)
            throws SQLException
    {
        statement.executeUpdate("""
                CREATE TABLE IF NOT EXISTS log_events (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    log_group TEXT NOT NULL,
                    log_stream TEXT NOT NULL,
                    timestamp INTEGER NOT NULL,
                    ingestion_time INTEGER NOT NULL,
                    message BLOB NOT NULL
                )""");
        // both end with the rowid, the sequence: (log_group, log_stream, timestamp, sequence), (log_group, timestamp, sequence)
        statement.executeUpdate("CREATE INDEX IF NOT EXISTS log_events_by_stream ON log_events (log_group, log_stream, timestamp)");
        statement.executeUpdate("CREATE INDEX IF NOT EXISTS log_events_by_group ON log_events (log_group, timestamp)");
        statement.executeUpdate("""
                CREATE TABLE IF NOT EXISTS log_stream_statistics (
                    log_group TEXT NOT NULL,
                    log_stream TEXT NOT NULL,
                    last_ingestion_time INTEGER NOT NULL,
                    stored_bytes INTEGER NOT NULL,
                    PRIMARY KEY (log_group, log_stream)
                ) WITHOUT ROWID""");
    }

    @Override
    public List<StoredLogEvent> read(String group, String stream, long fromInclusive, long toExclusive, boolean ascending, Optional<LogEventCursor> after, int limit)
            throws IOException
    {
        requireNonNull(group, "group is null");
        requireNonNull(stream, "stream is null");
        return select(List.of(new Condition("log_group = ? AND log_stream = ?", List.of(group, stream))), fromInclusive, toExclusive, ascending, after, limit);
    }

    @Override
    public List<StoredLogEvent> scan(String group, Set<String> streams, long fromInclusive, long toExclusive, Optional<LogEventCursor> after, int limit)
            throws IOException
    {
        requireNonNull(group, "group is null");
        List<Condition> sources = new ArrayList<>();
        if (streams.isEmpty()) {
            sources.add(new Condition("log_group = ?", List.of(group)));
        }
        else if (streams.size() <= MERGED_STREAMS) {
            for (String stream : streams) {
                sources.add(new Condition("log_group = ? AND log_stream = ?", List.of(group, stream)));
            }
        }
        else {
            sources.add(new Condition("log_group = ? AND log_stream IN (SELECT value FROM json_each(?))", List.of(group, jsonArray(streams))));
        }
        return select(sources, fromInclusive, toExclusive, true, after, limit);
    }

    /** A condition on {@code log_events} and its parameters. */
    private record Condition(String sql, List<Object> parameters) {}

    /**
     * The events that meet one of the sources (conditions on the index columns before {@code timestamp}) in the time
     * range after the cursor: one index range per source and part of the time range, merged by SQLite.
     */
    private List<StoredLogEvent> select(List<Condition> sources, long fromInclusive, long toExclusive, boolean ascending, Optional<LogEventCursor> after, int limit)
            throws IOException
    {
        checkLimit(limit);
        requireNonNull(after, "after is null");
        if (fromInclusive >= toExclusive) {
            return List.of();
        }
        // the parts of the time range after the cursor in reading order; a cursor outside the range either leaves
        // all of it or none
        List<Condition> parts = new ArrayList<>();
        Optional<LogEventCursor> cursor = after.filter(ascending ? c -> c.timestamp() >= fromInclusive : c -> c.timestamp() < toExclusive);
        if (cursor.isEmpty()) {
            parts.add(new Condition("timestamp >= ? AND timestamp < ?", List.of(fromInclusive, toExclusive)));
        }
        else if (ascending) {
            LogEventCursor c = cursor.get();
            if (c.timestamp() >= toExclusive) {
                return List.of();
            }
            parts.add(new Condition("timestamp = ? AND sequence > ?", List.of(c.timestamp(), c.sequence())));
            parts.add(new Condition("timestamp > ? AND timestamp < ?", List.of(c.timestamp(), toExclusive)));
        }
        else {
            LogEventCursor c = cursor.get();
            if (c.timestamp() < fromInclusive) {
                return List.of();
            }
            parts.add(new Condition("timestamp = ? AND sequence < ?", List.of(c.timestamp(), c.sequence())));
            parts.add(new Condition("timestamp < ? AND timestamp >= ?", List.of(c.timestamp(), fromInclusive)));
        }
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (Condition source : sources) {
            for (Condition part : parts) {
                if (!sql.isEmpty()) {
                    sql.append(" UNION ALL ");
                }
                sql.append(SELECT).append(source.sql()).append(" AND ").append(part.sql());
                parameters.addAll(source.parameters());
                parameters.addAll(part.parameters());
            }
        }
        sql.append(ascending ? " ORDER BY timestamp, sequence LIMIT ?" : " ORDER BY timestamp DESC, sequence DESC LIMIT ?");
        parameters.add(limit);
        return connections.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                bind(statement, parameters);
                List<StoredLogEvent> events = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        events.add(new StoredLogEvent(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), new String(rows.getBytes(5), StandardCharsets.UTF_8)));
                    }
                }
                return events;
            }
        });
    }

    @Override
    public Map<String, LogStreamStatistics> streamStatistics(String group, Set<String> streams)
            throws IOException
    {
        requireNonNull(group, "group is null");
        Map<String, LogStreamStatistics> statistics = new HashMap<>();
        for (String stream : streams) {
            statistics.put(stream, LogStreamStatistics.EMPTY);
        }
        if (streams.isEmpty()) {
            return statistics;
        }
        connections.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT s.log_stream, s.last_ingestion_time, s.stored_bytes,
                        (SELECT e.timestamp FROM log_events e WHERE e.log_group = s.log_group AND e.log_stream = s.log_stream ORDER BY e.timestamp, e.sequence LIMIT 1),
                        (SELECT e.timestamp FROM log_events e WHERE e.log_group = s.log_group AND e.log_stream = s.log_stream ORDER BY e.timestamp DESC, e.sequence DESC LIMIT 1)
                    FROM log_stream_statistics s
                    WHERE s.log_group = ? AND s.log_stream IN (SELECT value FROM json_each(?))""")) {
                statement.setString(1, group);
                statement.setString(2, jsonArray(streams));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        statistics.put(rows.getString(1), new LogStreamStatistics(optionalLong(rows, 4), optionalLong(rows, 5), OptionalLong.of(rows.getLong(2)), rows.getLong(3)));
                    }
                }
            }
            return null;
        });
        return Map.copyOf(statistics);
    }

    private static OptionalLong optionalLong(ResultSet rows, int column)
            throws SQLException
    {
        long value = rows.getLong(column);
        return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public long storedBytes(String group)
            throws IOException
    {
        requireNonNull(group, "group is null");
        return connections.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT coalesce(sum(stored_bytes), 0) FROM log_stream_statistics WHERE log_group = ?")) {
                statement.setString(1, group);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /**
     * Deletes in slices of {@value #EXPIRE_SLICE} events, each its own transaction on the store's connection for
     * writes aside, which the journal writer's batches wait for only that long.
     */
    @Override
    public int expire(String group, long beforeTimestamp, int limit)
            throws IOException
    {
        requireNonNull(group, "group is null");
        checkLimit(limit);
        int deleted = 0;
        while (deleted < limit) {
            int slice = Math.min(EXPIRE_SLICE, limit - deleted);
            int sliceDeleted = connections.writeAside(connection -> expireSlice(connection, group, beforeTimestamp, slice));
            deleted += sliceDeleted;
            if (sliceDeleted < slice) {
                break;
            }
            Thread.yield();
        }
        return deleted;
    }

    private static int expireSlice(Connection connection, String group, long beforeTimestamp, int slice)
            throws SQLException
    {
        execute(connection, "BEGIN IMMEDIATE");
        try {
            // deleted bytes by stream, in one order for every writer
            Map<String, Long> deletedBytes = new TreeMap<>();
            int deleted = 0;
            try (PreparedStatement delete = connection.prepareStatement("""
                    DELETE FROM log_events WHERE sequence IN (
                        SELECT sequence FROM log_events WHERE log_group = ? AND timestamp < ? ORDER BY timestamp, sequence LIMIT ?)
                    RETURNING log_stream, length(message)""")) {
                delete.setString(1, group);
                delete.setLong(2, beforeTimestamp);
                delete.setInt(3, slice);
                try (ResultSet rows = delete.executeQuery()) {
                    while (rows.next()) {
                        deletedBytes.merge(rows.getString(1), rows.getLong(2), Long::sum);
                        deleted++;
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE log_stream_statistics SET stored_bytes = stored_bytes - ? WHERE log_group = ? AND log_stream = ?")) {
                for (Map.Entry<String, Long> stream : deletedBytes.entrySet()) {
                    update.setLong(1, stream.getValue());
                    update.setString(2, group);
                    update.setString(3, stream.getKey());
                    update.executeUpdate();
                }
            }
            execute(connection, "COMMIT");
            return deleted;
        }
        catch (SQLException | RuntimeException e) {
            try {
                execute(connection, "ROLLBACK");
            }
            catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    private static void checkLimit(int limit)
    {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters)
            throws SQLException
    {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    private static void execute(Connection connection, String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The names as a JSON array of strings, for {@code json_each}: any number of them in one parameter. */
    static String jsonArray(Set<String> names)
    {
        StringBuilder json = new StringBuilder("[");
        for (String name : names) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                }
                else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                }
                else {
                    json.append(c);
                }
            }
            json.append('"');
        }
        return json.append(']').toString();
    }

    /**
     * The log events of one batch, on the journal writer's connection inside its transaction: savepoints and rollback
     * undo them with everything else. Not thread-safe.
     */
    static final class Writer
            implements LogEventWriter, AutoCloseable
    {
        private final PreparedStatement insert;
        private final PreparedStatement insertMany;
        private final PreparedStatement addStatistics;
        private final PreparedStatement deleteStreamEvents;
        private final PreparedStatement deleteStreamStatistics;
        private final PreparedStatement deleteGroupEvents;
        private final PreparedStatement deleteGroupStatistics;

        Writer(Connection connection)
                throws SQLException
        {
            insert = connection.prepareStatement("INSERT INTO log_events (log_group, log_stream, timestamp, ingestion_time, message) VALUES (?, ?, ?, ?, ?)");
            insertMany = connection.prepareStatement("INSERT INTO log_events (log_group, log_stream, timestamp, ingestion_time, message) VALUES "
                    + String.join(", ", Collections.nCopies(ROWS_PER_INSERT, "(?, ?, ?, ?, ?)")));
            addStatistics = connection.prepareStatement("""
                    INSERT INTO log_stream_statistics (log_group, log_stream, last_ingestion_time, stored_bytes) VALUES (?, ?, ?, ?)
                    ON CONFLICT (log_group, log_stream) DO UPDATE SET
                        last_ingestion_time = max(last_ingestion_time, excluded.last_ingestion_time),
                        stored_bytes = stored_bytes + excluded.stored_bytes""");
            deleteStreamEvents = connection.prepareStatement("DELETE FROM log_events WHERE log_group = ? AND log_stream = ?");
            deleteStreamStatistics = connection.prepareStatement("DELETE FROM log_stream_statistics WHERE log_group = ? AND log_stream = ?");
            deleteGroupEvents = connection.prepareStatement("DELETE FROM log_events WHERE log_group = ?");
            deleteGroupStatistics = connection.prepareStatement("DELETE FROM log_stream_statistics WHERE log_group = ?");
        }

        @Override
        public void append(String group, String stream, List<LogEvent> events)
                throws IOException
        {
            requireNonNull(group, "group is null");
            requireNonNull(stream, "stream is null");
            if (events.isEmpty()) {
                return;
            }
            long bytes = 0;
            long lastIngestionTime = Long.MIN_VALUE;
            try {
                // several rows a statement: 10,000 events took 100 ms one a statement, 55 ms 32 a statement
                int rows = 0;
                for (LogEvent event : events) {
                    // whether this event's group of ROWS_PER_INSERT is whole; the events after the last whole one go one a statement
                    boolean many = events.size() - rows >= ROWS_PER_INSERT - rows % ROWS_PER_INSERT;
                    PreparedStatement statement = many ? insertMany : insert;
                    int parameter = many ? rows % ROWS_PER_INSERT * 5 : 0;
                    byte[] message = event.message().getBytes(StandardCharsets.UTF_8);
                    statement.setString(parameter + 1, group);
                    statement.setString(parameter + 2, stream);
                    statement.setLong(parameter + 3, event.timestamp());
                    statement.setLong(parameter + 4, event.ingestionTime());
                    statement.setBytes(parameter + 5, message);
                    rows++;
                    if (!many || rows % ROWS_PER_INSERT == 0) {
                        statement.executeUpdate();
                    }
                    bytes += message.length;
                    lastIngestionTime = Math.max(lastIngestionTime, event.ingestionTime());
                }
                addStatistics.setString(1, group);
                addStatistics.setString(2, stream);
                addStatistics.setLong(3, lastIngestionTime);
                addStatistics.setLong(4, bytes);
                addStatistics.executeUpdate();
            }
            catch (SQLException e) {
                throw new IOException("cannot append log events: " + e.getMessage(), e);
            }
        }

        @Override
        public void deleteStream(String group, String stream)
                throws IOException
        {
            requireNonNull(group, "group is null");
            requireNonNull(stream, "stream is null");
            delete(List.of(deleteStreamEvents, deleteStreamStatistics), group, stream);
        }

        @Override
        public void deleteGroup(String group)
                throws IOException
        {
            requireNonNull(group, "group is null");
            delete(List.of(deleteGroupEvents, deleteGroupStatistics), group);
        }

        private static void delete(List<PreparedStatement> deletes, String... parameters)
                throws IOException
        {
            try {
                for (PreparedStatement delete : deletes) {
                    for (int i = 0; i < parameters.length; i++) {
                        delete.setString(i + 1, parameters[i]);
                    }
                    delete.executeUpdate();
                }
            }
            catch (SQLException e) {
                throw new IOException("cannot delete log events: " + e.getMessage(), e);
            }
        }

        @Override
        public void close()
        {
            for (PreparedStatement statement : List.of(insert, insertMany, addStatistics, deleteStreamEvents, deleteStreamStatistics, deleteGroupEvents, deleteGroupStatistics)) {
                Sqlite.closeQuietly(statement);
            }
        }
    }
}
