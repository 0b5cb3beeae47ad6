package dev.cairn.store.sqlite;

import static java.util.Objects.requireNonNull;

import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.CheckpointStore;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * The embedded default store: one SQLite database ({@code cairn.db}, WAL mode, full sync) holding metadata
 * documents, the journal, consumer checkpoints, log events (see {@link SqliteLogEvents}) and the outbox (see
 * {@link SqliteOutbox}), so that a state change
 * and the event recording it commit in one transaction; plus the event history in per-day files (see
 * {@link SqliteEventHistory}).
 *
 * <p>Thread-safety: {@link #beginBatch()} is for the single journal writer; every other method is thread-safe.
 * Reads use a pool of read-only connections and never block the writer (WAL).
 */
public final class SqliteStore
        implements Store
{
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    // read connections are opened on demand up to this many: one per concurrent read (LookupEvents holds one for
    // its whole search)
    private static final int MAXIMUM_READERS = 64;
    private static final long CHECKPOINT_INTERVAL_MILLIS = 100;
    private static final int TRIM_CHUNK = 2_000;
    private static final String MAX_CODE_POINT = new String(Character.toChars(Character.MAX_CODE_POINT));

    private final Path databaseFile;
    private final Connection writeConnection;
    private final Object auxiliaryWriteLock = new Object();
    private final Connection auxiliaryWriteConnection;
    private final BlockingQueue<ReadConnection> readPool = new LinkedBlockingQueue<>();
    private final Semaphore readers = new Semaphore(MAXIMUM_READERS);
    private final SqliteEventHistory history;
    private final JournalReader journalReader = new SqliteJournalReader();
    private final CheckpointStore checkpointStore = new SqliteCheckpointStore();
    private final SqliteLogEvents logEvents = new SqliteLogEvents(new LogEventConnections());
    private final SqliteOutbox outbox = new SqliteOutbox(new LogEventConnections());
    private final Batch batch;
    private final Thread checkpointer;
    private volatile boolean closed;

    private SqliteStore(Path dataDirectory)
            throws IOException
    {
        Sqlite.createOwnerOnlyDirectory(dataDirectory);
        this.databaseFile = dataDirectory.resolve("cairn.db");
        Sqlite.createOwnerOnly(databaseFile);
        Connection writer = null;
        Connection auxiliary = null;
        try {
            writer = Sqlite.openWriter(databaseFile);
            createSchema(writer);
            auxiliary = Sqlite.openWriter(databaseFile);
            this.writeConnection = writer;
            this.auxiliaryWriteConnection = auxiliary;
            this.batch = new Batch();
            this.history = new SqliteEventHistory(dataDirectory.resolve("history"));
        }
        catch (SQLException e) {
            Sqlite.closeQuietly(auxiliary);
            Sqlite.closeQuietly(writer);
            throw new IOException("cannot open " + databaseFile + ": " + e.getMessage(), e);
        }
        catch (IOException | RuntimeException e) {
            Sqlite.closeQuietly(auxiliary);
            Sqlite.closeQuietly(writer);
            throw e;
        }
        this.checkpointer = new Thread(this::checkpointContinuously, "cairn-sqlite-checkpointer");
        this.checkpointer.setDaemon(true);
        this.checkpointer.start();
    }

    public static SqliteStore open(Path dataDirectory)
            throws IOException
    {
        requireNonNull(dataDirectory, "dataDirectory is null");
        return new SqliteStore(dataDirectory);
    }

    /**
     * The writer's connection does not checkpoint the WAL (so that commits only append and sync); this thread copies
     * committed pages into the database every 100 ms instead.
     */
    private void checkpointContinuously()
    {
        while (!closed) {
            try {
                Thread.sleep(CHECKPOINT_INTERVAL_MILLIS);
            }
            catch (InterruptedException e) {
                return;
            }
            synchronized (auxiliaryWriteLock) {
                if (closed) {
                    return;
                }
                try {
                    Sqlite.checkpoint(auxiliaryWriteConnection);
                }
                catch (SQLException e) {
                    log.warn("WAL checkpoint failed: {}", e.getMessage());
                }
            }
        }
    }

    private static void createSchema(Connection connection)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS documents (
                        kind TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        key TEXT NOT NULL,
                        value BLOB NOT NULL,
                        PRIMARY KEY (kind, scope, key)
                    ) WITHOUT ROWID""");
            statement.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS journal (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        event BLOB NOT NULL
                    )""");
            // one row, counting commits that changed documents (Store.metadataVersion)
            statement.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS metadata_version (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        version INTEGER NOT NULL
                    )""");
            statement.executeUpdate("INSERT OR IGNORE INTO metadata_version (id, version) VALUES (1, 0)");
            statement.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS checkpoints (
                        consumer TEXT PRIMARY KEY,
                        position INTEGER NOT NULL
                    ) WITHOUT ROWID""");
            SqliteLogEvents.createSchema(statement);
            SqliteOutbox.createSchema(statement);
        }
    }

    @Override
    public <T> T read(ReadWork<T> work)
            throws IOException
    {
        ReadConnection connection = borrow();
        try {
            connection.begin();
            try {
                return work.run(connection);
            }
            finally {
                connection.end();
            }
        }
        catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
        finally {
            giveBack(connection);
        }
    }

    /** An idle read connection, or a new one while fewer than {@value #MAXIMUM_READERS} exist; else waits. */
    private ReadConnection borrow()
            throws IOException
    {
        if (closed) {
            throw new IOException("store is closed");
        }
        try {
            readers.acquire();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        ReadConnection connection = readPool.poll();
        if (connection != null) {
            return connection;
        }
        try {
            return new ReadConnection(Sqlite.open(databaseFile, true, false));
        }
        catch (SQLException e) {
            readers.release();
            throw new IOException("cannot open a read connection to " + databaseFile + ": " + e.getMessage(), e);
        }
    }

    private void giveBack(ReadConnection connection)
    {
        readPool.add(connection);
        readers.release();
    }

    /** The read pool, and the auxiliary connection for writes off the journal writer's path (as the trimmer's); for log events and the outbox. */
    private final class LogEventConnections
            implements SqliteLogEvents.Connections
    {
        @Override
        public <T> T read(SqliteLogEvents.SqlWork<T> work)
                throws IOException
        {
            ReadConnection connection = borrow();
            try {
                return work.run(connection.connection);
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
            finally {
                giveBack(connection);
            }
        }

        @Override
        public <T> T writeAside(SqliteLogEvents.SqlWork<T> work)
                throws IOException
        {
            synchronized (auxiliaryWriteLock) {
                if (closed) {
                    throw new IOException("store is closed");
                }
                try {
                    return work.run(auxiliaryWriteConnection);
                }
                catch (SQLException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public long metadataVersion()
            throws IOException
    {
        ReadConnection connection = borrow();
        try (ResultSet rows = connection.metadataVersion.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
        catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
        finally {
            giveBack(connection);
        }
    }

    @Override
    public WriteBatch beginBatch()
            throws IOException
    {
        if (closed) {
            throw new IOException("store is closed");
        }
        if (batch.open) {
            throw new IllegalStateException("a batch is already open");
        }
        try {
            execute(writeConnection, "BEGIN IMMEDIATE");
        }
        catch (SQLException e) {
            throw new IOException("cannot begin transaction: " + e.getMessage(), e);
        }
        batch.open = true;
        batch.lastAppended = 0;
        batch.savedLastAppended = 0;
        batch.metadataChanged = false;
        return batch;
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
            throws IOException
    {
        if (closed) {
            return;
        }
        closed = true;
        checkpointer.interrupt();
        history.close();
        // wait for borrowed readers to come back so that no statement runs on a closed connection
        try {
            readers.acquire(MAXIMUM_READERS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ReadConnection reader;
        while ((reader = readPool.poll()) != null) {
            Sqlite.closeQuietly(reader.connection);
        }
        synchronized (auxiliaryWriteLock) {
            Sqlite.closeQuietly(auxiliaryWriteConnection);
        }
        batch.closeStatements();
        try {
            execute(writeConnection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SQLException e) {
            log.warn("WAL checkpoint at close failed: {}", e.getMessage());
        }
        Sqlite.closeQuietly(writeConnection);
    }

    private static void execute(Connection connection, String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String prefixUpperBound(String prefix)
    {
        return prefix + MAX_CODE_POINT;
    }

    /** Document reads shared by the read connections and the write batch. */
    private abstract static class DocumentAccess
            implements MetadataReader
    {
        private final PreparedStatement get;
        private final PreparedStatement listAll;
        private final PreparedStatement listPrefix;
        private final PreparedStatement countAll;
        private final PreparedStatement countPrefix;

        DocumentAccess(Connection connection)
                throws SQLException
        {
            get = connection.prepareStatement("SELECT value FROM documents WHERE kind = ? AND scope = ? AND key = ?");
            listAll = connection.prepareStatement(
                    "SELECT key, value FROM documents WHERE kind = ? AND scope = ? AND key > ? ORDER BY key LIMIT ?");
            listPrefix = connection.prepareStatement(
                    "SELECT key, value FROM documents WHERE kind = ? AND scope = ? AND key > ? AND key >= ? AND key < ? ORDER BY key LIMIT ?");
            countAll = connection.prepareStatement("SELECT count(*) FROM documents WHERE kind = ? AND scope = ?");
            countPrefix = connection.prepareStatement("SELECT count(*) FROM documents WHERE kind = ? AND scope = ? AND key >= ? AND key < ?");
        }

        @Override
        public Optional<byte[]> get(String kind, String scope, String key)
                throws IOException
        {
            try {
                get.setString(1, kind);
                get.setString(2, scope);
                get.setString(3, key);
                try (ResultSet rows = get.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
                }
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public List<Document> list(String kind, String scope, String keyPrefix, String afterKey, int limit)
                throws IOException
        {
            try {
                PreparedStatement statement;
                if (keyPrefix.isEmpty()) {
                    statement = listAll;
                    statement.setString(1, kind);
                    statement.setString(2, scope);
                    statement.setString(3, afterKey);
                    statement.setInt(4, limit);
                }
                else {
                    statement = listPrefix;
                    statement.setString(1, kind);
                    statement.setString(2, scope);
                    statement.setString(3, afterKey);
                    statement.setString(4, keyPrefix);
                    statement.setString(5, prefixUpperBound(keyPrefix));
                    statement.setInt(6, limit);
                }
                List<Document> documents = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        documents.add(new Document(kind, scope, rows.getString(1), rows.getBytes(2)));
                    }
                }
                return documents;
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public int count(String kind, String scope, String keyPrefix)
                throws IOException
        {
            try {
                PreparedStatement statement;
                if (keyPrefix.isEmpty()) {
                    statement = countAll;
                    statement.setString(1, kind);
                    statement.setString(2, scope);
                }
                else {
                    statement = countPrefix;
                    statement.setString(1, kind);
                    statement.setString(2, scope);
                    statement.setString(3, keyPrefix);
                    statement.setString(4, prefixUpperBound(keyPrefix));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    private static final class ReadConnection
            extends DocumentAccess
    {
        private final Connection connection;
        private final PreparedStatement readJournal;
        private final PreparedStatement lastPosition;
        private final PreparedStatement getCheckpoint;
        private final PreparedStatement allCheckpoints;
        private final PreparedStatement metadataVersion;

        ReadConnection(Connection connection)
                throws SQLException
        {
            super(connection);
            this.connection = connection;
            readJournal = connection.prepareStatement("SELECT position, event FROM journal WHERE position > ? ORDER BY position LIMIT ?");
            lastPosition = connection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = 'journal'");
            getCheckpoint = connection.prepareStatement("SELECT position FROM checkpoints WHERE consumer = ?");
            allCheckpoints = connection.prepareStatement("SELECT consumer, position FROM checkpoints ORDER BY consumer");
            metadataVersion = connection.prepareStatement("SELECT version FROM metadata_version WHERE id = 1");
        }

        void begin()
                throws SQLException
        {
            execute(connection, "BEGIN");
        }

        void end()
                throws SQLException
        {
            execute(connection, "COMMIT");
        }
    }

    private final class SqliteJournalReader
            implements JournalReader
    {
        @Override
        public List<JournalEntry> read(long afterPosition, int limit)
                throws IOException
        {
            ReadConnection connection = borrow();
            try {
                PreparedStatement statement = connection.readJournal;
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
                throw new IOException(e.getMessage(), e);
            }
            finally {
                giveBack(connection);
            }
        }

        @Override
        public long lastPosition()
                throws IOException
        {
            ReadConnection connection = borrow();
            try (ResultSet rows = connection.lastPosition.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
            finally {
                giveBack(connection);
            }
        }

        /**
         * Deletes in chunks of {@value #TRIM_CHUNK} entries, each its own short transaction, so that the journal
         * writer never waits long for the database's write lock (one statement deleting 100,000 entries held it for
         * 400 ms).
         */
        @Override
        public int trimBefore(long position)
                throws IOException
        {
            int deleted = 0;
            while (true) {
                int chunk;
                synchronized (auxiliaryWriteLock) {
                    if (closed) {
                        return deleted;
                    }
                    try (PreparedStatement statement = auxiliaryWriteConnection.prepareStatement(
                            "DELETE FROM journal WHERE position < ? AND position < (SELECT min(position) FROM journal) + " + TRIM_CHUNK)) {
                        statement.setLong(1, position);
                        chunk = statement.executeUpdate();
                    }
                    catch (SQLException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }
                deleted += chunk;
                if (chunk < TRIM_CHUNK) {
                    return deleted;
                }
                Thread.yield();
            }
        }
    }

    private final class SqliteCheckpointStore
            implements CheckpointStore
    {
        @Override
        public long get(String consumer)
                throws IOException
        {
            ReadConnection connection = borrow();
            try {
                connection.getCheckpoint.setString(1, consumer);
                try (ResultSet rows = connection.getCheckpoint.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0;
                }
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
            finally {
                giveBack(connection);
            }
        }

        @Override
        public void put(String consumer, long position)
                throws IOException
        {
            synchronized (auxiliaryWriteLock) {
                try (PreparedStatement statement = auxiliaryWriteConnection.prepareStatement(
                        "INSERT INTO checkpoints (consumer, position) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET position = excluded.position")) {
                    statement.setString(1, consumer);
                    statement.setLong(2, position);
                    statement.executeUpdate();
                }
                catch (SQLException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }

        @Override
        public Map<String, Long> all()
                throws IOException
        {
            ReadConnection connection = borrow();
            try (ResultSet rows = connection.allCheckpoints.executeQuery()) {
                Map<String, Long> checkpoints = new LinkedHashMap<>();
                while (rows.next()) {
                    checkpoints.put(rows.getString(1), rows.getLong(2));
                }
                return checkpoints;
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
            finally {
                giveBack(connection);
            }
        }
    }

    private final class Batch
            extends DocumentAccess
            implements WriteBatch, MetadataWriter
    {
        private final PreparedStatement insert;
        private final PreparedStatement upsert;
        private final PreparedStatement delete;
        private final PreparedStatement append;
        private final SqliteLogEvents.Writer logEventWriter;
        private final SqliteOutbox.Writer outboxWriter;
        private boolean open;
        private long lastAppended;
        private long savedLastAppended;
        // whether documents may have changed (not undone by a rollback to a savepoint: a spare version change costs
        // only a cache reload)
        private boolean metadataChanged;

        Batch()
                throws SQLException
        {
            super(writeConnection);
            insert = writeConnection.prepareStatement("INSERT INTO documents (kind, scope, key, value) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
            upsert = writeConnection.prepareStatement(
                    "INSERT INTO documents (kind, scope, key, value) VALUES (?, ?, ?, ?) ON CONFLICT (kind, scope, key) DO UPDATE SET value = excluded.value");
            delete = writeConnection.prepareStatement("DELETE FROM documents WHERE kind = ? AND scope = ? AND key = ?");
            append = writeConnection.prepareStatement("INSERT INTO journal (event) VALUES (?) RETURNING position");
            logEventWriter = new SqliteLogEvents.Writer(writeConnection);
            outboxWriter = new SqliteOutbox.Writer(writeConnection);
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
            boolean inserted = bindDocument(insert, kind, scope, key, value) == 1;
            metadataChanged |= inserted;
            return inserted;
        }

        @Override
        public void put(String kind, String scope, String key, byte[] value)
                throws IOException
        {
            bindDocument(upsert, kind, scope, key, value);
            metadataChanged = true;
        }

        private int bindDocument(PreparedStatement statement, String kind, String scope, String key, byte[] value)
                throws IOException
        {
            try {
                statement.setString(1, kind);
                statement.setString(2, scope);
                statement.setString(3, key);
                statement.setBytes(4, value);
                return statement.executeUpdate();
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public boolean delete(String kind, String scope, String key)
                throws IOException
        {
            try {
                delete.setString(1, kind);
                delete.setString(2, scope);
                delete.setString(3, key);
                boolean deleted = delete.executeUpdate() == 1;
                metadataChanged |= deleted;
                return deleted;
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void append(EventRecord event)
                throws IOException
        {
            // one writer: positions taken now are in commit order
            try {
                append.setBytes(1, EventCodec.encode(event));
                try (ResultSet rows = append.executeQuery()) {
                    rows.next();
                    lastAppended = rows.getLong(1);
                }
            }
            catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void savepoint()
                throws IOException
        {
            run("SAVEPOINT call");
            savedLastAppended = lastAppended;
        }

        @Override
        public void releaseSavepoint()
                throws IOException
        {
            run("RELEASE call");
        }

        @Override
        public void rollbackToSavepoint()
                throws IOException
        {
            run("ROLLBACK TO call");
            run("RELEASE call");
            lastAppended = savedLastAppended;
        }

        @Override
        public long commit()
                throws IOException
        {
            if (metadataChanged) {
                run("UPDATE metadata_version SET version = version + 1 WHERE id = 1");
            }
            run("COMMIT");
            open = false;
            return lastAppended;
        }

        private void run(String sql)
                throws IOException
        {
            try {
                execute(writeConnection, sql);
            }
            catch (SQLException e) {
                throw new IOException(sql + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close()
                throws IOException
        {
            if (open) {
                open = false;
                run("ROLLBACK");
            }
        }

        void closeStatements()
        {
            for (PreparedStatement statement : List.of(insert, upsert, delete, append)) {
                Sqlite.closeQuietly(statement);
            }
            logEventWriter.close();
        }
    }
}
