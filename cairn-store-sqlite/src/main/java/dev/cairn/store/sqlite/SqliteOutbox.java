package dev.cairn.store.sqlite;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.Outbox;
import dev.cairn.spi.OutboxMessage;
import dev.cairn.spi.OutboxStatistics;
import dev.cairn.spi.OutboxWriter;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox in {@code cairn.db}, table {@code outbox}: messages are enqueued on the journal writer's connection (so
 * they commit with its batch) and claimed, rescheduled and deleted on the store's auxiliary connection, each in its
 * own short transaction; SQLite's write lock makes a claim atomic across the connections and processes that share the
 * file. Times are epoch milliseconds. Thread-safe.
 */
final class SqliteOutbox
        implements Outbox
{
    private static final String COLUMNS = "id, destination, payload, enqueued, not_before, attempts, last_error";

    private final SqliteLogEvents.Connections connections;

    SqliteOutbox(SqliteLogEvents.Connections connections)
    {
        this.connections = requireNonNull(connections, "connections is null");
    }

    static void createSchema(Statement statement)
            throws SQLException
    {
        // lease_until is 0 when the message is not claimed
        statement.executeUpdate("""
                CREATE TABLE IF NOT EXISTS outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    destination TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    enqueued INTEGER NOT NULL,
                    not_before INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    lease_until INTEGER NOT NULL DEFAULT 0
                )""");
        // a destination's due messages, longest due first (ends in the rowid, the id)
        statement.executeUpdate("CREATE INDEX IF NOT EXISTS outbox_by_destination ON outbox (destination, not_before)");
        // the destinations with messages due
        statement.executeUpdate("CREATE INDEX IF NOT EXISTS outbox_by_time ON outbox (not_before)");
    }

    /** Enqueues in the batch's transaction. */
    static final class Writer
            implements OutboxWriter
    {
        private final Connection connection;

        Writer(Connection connection)
        {
            this.connection = connection;
        }

        @Override
        public void enqueue(String destination, byte[] payload, Instant notBefore)
                throws IOException
        {
            requireNonNull(destination, "destination is null");
            requireNonNull(payload, "payload is null");
            requireNonNull(notBefore, "notBefore is null");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (destination, payload, enqueued, not_before) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, destination);
                insert.setBytes(2, payload);
                insert.setLong(3, notBefore.toEpochMilli());
                insert.setLong(4, notBefore.toEpochMilli());
                insert.executeUpdate();
            }
            catch (SQLException e) {
                throw new IOException("cannot enqueue for " + destination + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<String> destinations(Instant now, int limit)
            throws IOException
    {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT destination FROM outbox WHERE not_before <= ? AND lease_until <= ? LIMIT ?")) {
                select.setLong(1, now.toEpochMilli());
                select.setLong(2, now.toEpochMilli());
                select.setInt(3, limit);
                List<String> destinations = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        destinations.add(rows.getString(1));
                    }
                }
                return destinations;
            }
        });
    }

    @Override
    public List<OutboxMessage> due(String destination, Instant now, int limit)
            throws IOException
    {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM outbox WHERE destination = ? AND not_before <= ? AND lease_until <= ? ORDER BY not_before, id LIMIT ?")) {
                select.setString(1, destination);
                select.setLong(2, now.toEpochMilli());
                select.setLong(3, now.toEpochMilli());
                select.setInt(4, limit);
                List<OutboxMessage> messages = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        messages.add(new OutboxMessage(rows.getLong(1), rows.getString(2), rows.getBytes(3), Instant.ofEpochMilli(rows.getLong(4)),
                                Instant.ofEpochMilli(rows.getLong(5)), rows.getInt(6), Optional.ofNullable(rows.getString(7))));
                    }
                }
                return messages;
            }
        });
    }

    @Override
    public boolean claim(long id, Instant now, Instant leaseUntil)
            throws IOException
    {
        return connections.writeAside(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE outbox SET lease_until = ? WHERE id = ? AND not_before <= ? AND lease_until <= ?")) {
                update.setLong(1, leaseUntil.toEpochMilli());
                update.setLong(2, id);
                update.setLong(3, now.toEpochMilli());
                update.setLong(4, now.toEpochMilli());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void reschedule(long id, int attempts, Instant nextAttempt, String lastError)
            throws IOException
    {
        connections.writeAside(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE outbox SET attempts = ?, not_before = ?, last_error = ?, lease_until = 0 WHERE id = ?")) {
                update.setInt(1, attempts);
                update.setLong(2, nextAttempt.toEpochMilli());
                update.setString(3, lastError);
                update.setLong(4, id);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public boolean delete(long id)
            throws IOException
    {
        return connections.writeAside(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                delete.setLong(1, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Map<String, OutboxStatistics> statistics()
            throws IOException
    {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT destination, count(*), sum(attempts > 0), min(enqueued) FROM outbox GROUP BY destination ORDER BY destination")) {
                Map<String, OutboxStatistics> statistics = new LinkedHashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        statistics.put(rows.getString(1), new OutboxStatistics(rows.getLong(2), rows.getLong(3), Instant.ofEpochMilli(rows.getLong(4))));
                    }
                }
                return statistics;
            }
        });
    }
}
