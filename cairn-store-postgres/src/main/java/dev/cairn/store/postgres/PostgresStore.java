package dev.cairn.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.CheckpointStore;
import dev.cairn.spi.ConflictException;
import dev.cairn.spi.Document;
import dev.cairn.spi.EventCodec;
import dev.cairn.spi.EventHistory;
import dev.cairn.spi.JournalReader;
import dev.cairn.spi.LogEventWriter;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.Outbox;
import dev.cairn.spi.OutboxWriter;
import dev.cairn.spi.Store;
import dev.cairn.spi.WriteBatch;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The scale-out store: everything in one PostgreSQL database, shared by several Cairn nodes. The schema is created and
 * migrated by Flyway ({@code migration/} next to this class).
 *
 * <p>Journal positions are taken at the end of each batch from the one-row {@code journal_head}, whose row lock is
 * held until COMMIT: batches of different nodes take positions in the order they commit, so a consumer tailing by
 * position never passes over an event that commits later below it (docs/design/journal-ordering.md). The rest of a
 * batch runs concurrently with other nodes' batches. A batch reads documents {@code FOR UPDATE}, so a read-modify-write
 * is never lost to another node; a deadlock or serialization failure between nodes surfaces as
 * {@link ConflictException}, and the journal writer runs the batch again.
 *
 * <p>Reads run in REPEATABLE READ read-only transactions: one snapshot per {@link #read}.
 */
public final class PostgresStore
        implements Store
{
    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);
    private static final String MAX_CODE_POINT = new String(Character.toChars(Character.MAX_CODE_POINT));
    private static final int TRIM_CHUNK = 10_000;
    private static final int DEFAULT_POOL_SIZE = 16;

    /** How a batch's events get their positions. Only the first is correct with several nodes; see the class comment. */
    enum PositionAssignment
    {
        /** At the end of the batch under the head row's lock, held to COMMIT: commit order. */
        AT_COMMIT,
        /**
         * From a sequence as each event is appended (the naive design). Kept only so that a test can show the
         * tailing-consumer contract test failing on it; needs a sequence {@code cairn_naive_position}.
         */
        SEQUENCE_DURING_BATCH,
    }

    private final HikariDataSource pool;
    private final PositionAssignment positions;
    private final PostgresEventHistory history;
    private final PostgresLogEvents logEvents;
    private final PostgresOutbox outbox;
    private final JournalReader journalReader = new PostgresJournalReader();
    private final CheckpointStore checkpointStore = new PostgresCheckpointStore();
    private final Object batchLock = new Object();
    private Batch openBatch;
    private volatile boolean closed;

    private PostgresStore(HikariDataSource pool, PositionAssignment positions)
    {
        this.pool = pool;
        this.positions = positions;
        this.history = new PostgresEventHistory(pool);
        this.logEvents = new PostgresLogEvents(pool);
        this.outbox = new PostgresOutbox(pool);
    }

    /** Connects, creates or migrates the schema, and opens the store. */
    public static PostgresStore open(PostgresUrl url)
            throws IOException
    {
        return open(url, DEFAULT_POOL_SIZE, PositionAssignment.AT_COMMIT);
    }

    static PostgresStore open(PostgresUrl url, int poolSize, PositionAssignment positions)
            throws IOException
    {
        requireNonNull(url, "url is null");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        url.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(2);
        config.setPoolName("cairn-postgres");
        config.setConnectionTimeout(10_000);
        // several events per statement when a batch inserts its journal entries
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "cairn");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        }
        catch (RuntimeException e) {
            throw new IOException("cannot connect to PostgreSQL at " + url + ": " + rootMessage(e), e);
        }
        try {
            migrate(pool);
        }
        catch (FlywayException e) {
            pool.close();
            throw new IOException("cannot create or migrate Cairn's schema in " + url + ": " + rootMessage(e), e);
        }
        return new PostgresStore(pool, positions);
    }

    private static void migrate(HikariDataSource pool)
    {
        Flyway flyway = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:dev/cairn/store/postgres/migration")
                .table("cairn_schema_history")
                .loggers("slf4j")
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        if (applied > 0) {
            log.info("applied {} schema migration(s)", applied);
        }
    }

    private static String rootMessage(Throwable e)
    {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** A deadlock or serialization failure between nodes is a conflict (run the batch again); anything else is not. */
    static IOException failure(String what, SQLException e)
    {
        String state = e.getSQLState();
        if ("40001".equals(state) || "40P01".equals(state)) {
            return new ConflictException(what + ": " + e.getMessage(), e);
        }
        return new IOException(what + ": " + e.getMessage(), e);
    }

    @Override
    public <T> T read(ReadWork<T> work)
            throws IOException
    {
        checkOpen();
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                T result = work.run(new Documents(connection, false));
                connection.commit();
                return result;
            }
            catch (IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        catch (SQLException e) {
            throw failure("read failed", e);
        }
    }

    @Override
    public long metadataVersion()
            throws IOException
    {
        return journalHead("metadata_version", "the metadata version");
    }

    /** A column of the one-row journal head, as committed. */
    private long journalHead(String column, String what)
            throws IOException
    {
        checkOpen();
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + column + " FROM journal_head WHERE id = 1")) {
            rows.next();
            return rows.getLong(1);
        }
        catch (SQLException e) {
            throw failure("cannot read " + what, e);
        }
    }

    @Override
    public WriteBatch beginBatch()
            throws IOException
    {
        checkOpen();
        synchronized (batchLock) {
            if (openBatch != null) {
                throw new IllegalStateException("a batch is already open");
            }
            Connection connection;
            try {
                connection = pool.getConnection();
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            catch (SQLException e) {
                throw failure("cannot begin a transaction", e);
            }
            openBatch = new Batch(connection);
            return openBatch;
        }
    }

    @Override
    public JournalReader journal()
    {
        return journalReader;
    }

    @Override
    public CheckpointStore checkpoints()
    {
        return checkpointStore;
    }

    @Override
    public EventHistory history()
    {
        return history;
    }

    @Override
    public LogEvents logEvents()
    {
        return logEvents;
    }

    @Override
    public Outbox outbox()
    {
        return outbox;
    }

    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
    }

    private void checkOpen()
            throws IOException
    {
        if (closed) {
            throw new IOException("store is closed");
        }
    }

    /** Document reads (and, inside a batch, writes) on one connection. */
    private static class Documents
            implements MetadataReader
    {
        final Connection connection;
        private final boolean forUpdate;

        Documents(Connection connection, boolean forUpdate)
        {
            this.connection = connection;
            this.forUpdate = forUpdate;
        }

        @Override
        public Optional<byte[]> get(String kind, String scope, String key)
                throws IOException
        {
            // in a batch, lock the row: a read-modify-write of another node waits for this batch's commit
            String sql = "SELECT value FROM documents WHERE kind = ? AND scope = ? AND key = ?" + (forUpdate ? " FOR UPDATE" : "");
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, kind);
                statement.setString(2, scope);
                statement.setString(3, key);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
                }
            }
            catch (SQLException e) {
                throw failure("cannot read document " + kind + "/" + key, e);
            }
        }

        @Override
        public List<Document> list(String kind, String scope, String keyPrefix, String afterKey, int limit)
                throws IOException
        {
            String sql = "SELECT key, value FROM documents WHERE kind = ? AND scope = ? AND key > ?"
                    + (keyPrefix.isEmpty() ? "" : " AND key >= ? AND key < ?") + " ORDER BY key LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int parameter = 1;
                statement.setString(parameter++, kind);
                statement.setString(parameter++, scope);
                statement.setString(parameter++, afterKey);
                if (!keyPrefix.isEmpty()) {
                    statement.setString(parameter++, keyPrefix);
                    statement.setString(parameter++, keyPrefix + MAX_CODE_POINT);
                }
                statement.setInt(parameter, limit);
                List<Document> documents = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        documents.add(new Document(kind, scope, rows.getString(1), rows.getBytes(2)));
                    }
                }
                return documents;
            }
            catch (SQLException e) {
                throw failure("cannot list documents " + kind, e);
            }
        }

        @Override
        public int count(String kind, String scope, String keyPrefix)
                throws IOException
        {
            String sql = "SELECT count(*) FROM documents WHERE kind = ? AND scope = ?" + (keyPrefix.isEmpty() ? "" : " AND key >= ? AND key < ?");
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, kind);
                statement.setString(2, scope);
                if (!keyPrefix.isEmpty()) {
                    statement.setString(3, keyPrefix);
                    statement.setString(4, keyPrefix + MAX_CODE_POINT);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
            catch (SQLException e) {
                throw failure("cannot count documents " + kind, e);
            }
        }
    }

    private final class Batch
            extends Documents
            implements WriteBatch, MetadataWriter
    {
        private final List<byte[]> events = new ArrayList<>();
        private final PostgresLogEvents.Writer logEventWriter;
        private final PostgresOutbox.Writer outboxWriter;
        private int eventsAtSavepoint;
        private boolean metadataChanged;
        private boolean open = true;
        private long lastNaivePosition;
        private long lastNaivePositionAtSavepoint;

        Batch(Connection connection)
        {
            super(connection, true);
            this.logEventWriter = new PostgresLogEvents.Writer(connection);
            this.outboxWriter = new PostgresOutbox.Writer(connection);
        }

        @Override
        public MetadataWriter metadata()
        {
            return this;
        }

        @Override
        public LogEventWriter logEvents()
        {
            // not metadata: metadataChanged stays as it is
            return logEventWriter;
        }

        @Override
        public OutboxWriter outbox()
        {
            // not metadata either
            return outboxWriter;
        }

        @Override
        public boolean insert(String kind, String scope, String key, byte[] value)
                throws IOException
        {
            boolean inserted = write("INSERT INTO documents (kind, scope, key, value) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", kind, scope, key, value) == 1;
            metadataChanged |= inserted;
            return inserted;
        }

        @Override
        public void put(String kind, String scope, String key, byte[] value)
                throws IOException
        {
            write("INSERT INTO documents (kind, scope, key, value) VALUES (?, ?, ?, ?) ON CONFLICT (kind, scope, key) DO UPDATE SET value = excluded.value",
                    kind, scope, key, value);
            metadataChanged = true;
        }

        @Override
        public boolean delete(String kind, String scope, String key)
                throws IOException
        {
            boolean deleted = write("DELETE FROM documents WHERE kind = ? AND scope = ? AND key = ?", kind, scope, key, null) == 1;
            metadataChanged |= deleted;
            return deleted;
        }

        private int write(String sql, String kind, String scope, String key, byte[] value)
                throws IOException
        {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, kind);
                statement.setString(2, scope);
                statement.setString(3, key);
                if (value != null) {
                    statement.setBytes(4, value);
                }
                return statement.executeUpdate();
            }
            catch (SQLException e) {
                throw failure("cannot write document " + kind + "/" + key, e);
            }
        }

        @Override
        public void append(EventRecord event)
                throws IOException
        {
            if (positions == PositionAssignment.AT_COMMIT) {
                events.add(EventCodec.encode(event));
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO journal (position, event) VALUES (nextval('cairn_naive_position'), ?) RETURNING position")) {
                statement.setBytes(1, EventCodec.encode(event));
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    lastNaivePosition = rows.getLong(1);
                }
            }
            catch (SQLException e) {
                throw failure("cannot append to the journal", e);
            }
        }

        @Override
        public void savepoint()
                throws IOException
        {
            run("SAVEPOINT call");
            logEventWriter.savepoint();
            eventsAtSavepoint = events.size();
            lastNaivePositionAtSavepoint = lastNaivePosition;
        }

        @Override
        public void releaseSavepoint()
                throws IOException
        {
            run("RELEASE SAVEPOINT call");
            logEventWriter.releaseSavepoint();
        }

        @Override
        public void rollbackToSavepoint()
                throws IOException
        {
            run("ROLLBACK TO SAVEPOINT call");
            run("RELEASE SAVEPOINT call");
            events.subList(eventsAtSavepoint, events.size()).clear();
            logEventWriter.rollbackToSavepoint();
            lastNaivePosition = lastNaivePositionAtSavepoint;
        }

        @Override
        public long commit()
                throws IOException
        {
            long last = positions == PositionAssignment.AT_COMMIT ? 0 : lastNaivePosition;
            try {
                // before the journal head, as every batch: statistics rows are locked from here to COMMIT
                logEventWriter.flush();
                if (!events.isEmpty() || metadataChanged) {
                    // from here to COMMIT this batch holds the head row: batches take positions in commit order
                    try (PreparedStatement head = connection.prepareStatement(
                            "UPDATE journal_head SET last_position = last_position + ?, metadata_version = metadata_version + ? WHERE id = 1 RETURNING last_position")) {
                        head.setLong(1, events.size());
                        head.setLong(2, metadataChanged ? 1 : 0);
                        try (ResultSet rows = head.executeQuery()) {
                            rows.next();
                            if (!events.isEmpty()) {
                                last = rows.getLong(1);
                            }
                        }
                    }
                    if (!events.isEmpty()) {
                        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO journal (position, event) VALUES (?, ?)")) {
                            long position = last - events.size() + 1;
                            for (byte[] event : events) {
                                insert.setLong(1, position++);
                                insert.setBytes(2, event);
                                insert.addBatch();
                            }
                            insert.executeBatch();
                        }
                    }
                }
                connection.commit();
            }
            catch (SQLException e) {
                throw failure("cannot commit the batch", e);
            }
            finish();
            return last;
        }

        private void run(String sql)
                throws IOException
        {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            catch (SQLException e) {
                throw failure(sql + " failed", e);
            }
        }

        @Override
        public void close()
        {
            if (!open) {
                return;
            }
            try {
                connection.rollback();
            }
            catch (SQLException e) {
                log.warn("rollback failed: {}", e.getMessage());
            }
            finish();
        }

        private void finish()
        {
            open = false;
            try {
                connection.close();
            }
            catch (SQLException e) {
                log.warn("cannot return a connection to the pool: {}", e.getMessage());
            }
            synchronized (batchLock) {
                openBatch = null;
            }
        }
    }

    private final class PostgresJournalReader
            implements JournalReader
    {
        @Override
        public List<JournalEntry> read(long afterPosition, int limit)
                throws IOException
        {
            checkOpen();
            try (Connection connection = pool.getConnection();
                    PreparedStatement statement = connection.prepareStatement("SELECT position, event FROM journal WHERE position > ? ORDER BY position LIMIT ?")) {
                statement.setLong(1, afterPosition);
                statement.setInt(2, limit);
                List<JournalEntry> entries = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new JournalEntry(rows.getLong(1), EventCodec.decode(rows.getBytes(2))));
                    }
                }
                return entries;
            }
            catch (SQLException e) {
                throw failure("cannot read the journal", e);
            }
        }

        @Override
        public long lastPosition()
                throws IOException
        {
            return journalHead("last_position", "the journal's last position");
        }

        /** Deletes in chunks of {@value #TRIM_CHUNK} entries, each its own transaction. */
        @Override
        public int trimBefore(long position)
                throws IOException
        {
            checkOpen();
            int deleted = 0;
            try (Connection connection = pool.getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "DELETE FROM journal WHERE position < ? AND position < (SELECT min(position) FROM journal) + " + TRIM_CHUNK)) {
                while (!closed) {
                    statement.setLong(1, position);
                    int chunk = statement.executeUpdate();
                    deleted += chunk;
                    if (chunk < TRIM_CHUNK) {
                        break;
                    }
                }
                return deleted;
            }
            catch (SQLException e) {
                throw failure("cannot trim the journal", e);
            }
        }
    }

    private final class PostgresCheckpointStore
            implements CheckpointStore
    {
        @Override
        public long get(String consumer)
                throws IOException
        {
            checkOpen();
            try (Connection connection = pool.getConnection();
                    PreparedStatement statement = connection.prepareStatement("SELECT position FROM checkpoints WHERE consumer = ?")) {
                statement.setString(1, consumer);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0;
                }
            }
            catch (SQLException e) {
                throw failure("cannot read checkpoint " + consumer, e);
            }
        }

        @Override
        public void put(String consumer, long position)
                throws IOException
        {
            checkOpen();
            try (Connection connection = pool.getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "INSERT INTO checkpoints (consumer, position) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET position = excluded.position")) {
                statement.setString(1, consumer);
                statement.setLong(2, position);
                statement.executeUpdate();
            }
            catch (SQLException e) {
                throw failure("cannot store checkpoint " + consumer, e);
            }
        }

        @Override
        public Map<String, Long> all()
                throws IOException
        {
            checkOpen();
            try (Connection connection = pool.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT consumer, position FROM checkpoints ORDER BY consumer")) {
                Map<String, Long> checkpoints = new LinkedHashMap<>();
                while (rows.next()) {
                    checkpoints.put(rows.getString(1), rows.getLong(2));
                }
                return checkpoints;
            }
            catch (SQLException e) {
                throw failure("cannot read checkpoints", e);
            }
        }
    }
}
