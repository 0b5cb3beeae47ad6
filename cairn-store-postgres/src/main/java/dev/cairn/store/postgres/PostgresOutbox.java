package dev.cairn.store.postgres;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.Outbox;
import dev.cairn.spi.OutboxMessage;
import dev.cairn.spi.OutboxStatistics;
import dev.cairn.spi.OutboxWriter;

import javax.sql.DataSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox in table {@code outbox} (see the migration {@code V3__outbox.sql}): messages are enqueued in the batch's
 * transaction; claims, reschedules and deletes are single autocommitted statements, and a claim is one conditional
 * UPDATE, which PostgreSQL applies to a row once whatever the number of nodes racing for it. Times are epoch
 * milliseconds. Thread-safe, apart from a {@link Writer}, which belongs to one batch.
 */
final class PostgresOutbox
        implements Outbox
{
    private static final String COLUMNS = "id, destination, payload, enqueued, not_before, attempts, last_error";

    private final DataSource pool;

    PostgresOutbox(DataSource pool)
    {
        this.pool = requireNonNull(pool, "pool is null");
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
                throw PostgresStore.failure("cannot enqueue for " + destination, e);
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork<T>
    {
        T run(Connection connection)
                throws SQLException;
    }

    private <T> T run(String what, SqlWork<T> work)
            throws IOException
    {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        }
        catch (SQLException e) {
            throw PostgresStore.failure(what, e);
        }
    }

    @Override
    public List<String> destinations(Instant now, int limit)
            throws IOException
    {
        return run("cannot read the outbox", connection -> {
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
        return run("cannot read the outbox", connection -> {
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
        return run("cannot claim outbox message " + id, connection -> {
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
        run("cannot reschedule outbox message " + id, connection -> {
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
        return run("cannot delete outbox message " + id, connection -> {
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
        return run("cannot read the outbox", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT destination, count(*), count(*) FILTER (WHERE attempts > 0), min(enqueued) FROM outbox GROUP BY destination ORDER BY destination")) {
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
