package dev.cairn.store.sqlite;

import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.model.LookupAttribute;
import dev.cairn.spi.EventCodec;
import dev.cairn.spi.EventHistory;
import dev.cairn.spi.HistoryKeys;
import dev.cairn.spi.HistoryPage;
import dev.cairn.spi.HistoryQuery;
import static dev.cairn.spi.HistoryKeys.ALL_EVENTS;
import static dev.cairn.spi.HistoryKeys.dayOf;
import static dev.cairn.spi.HistoryKeys.idDay;
import static dev.cairn.spi.HistoryKeys.idKey;
import static dev.cairn.spi.HistoryKeys.key;
import static dev.cairn.spi.HistoryKeys.keysOf;
import static dev.cairn.spi.HistoryKeys.matches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Event history in one SQLite file per UTC day of event time ({@code history/2026-11-24.db}), so that retention
 * deletes whole files and indexing never holds the journal database's write lock.
 *
 * <p>Each file has two tables: {@code events} (position, time, compressed event) and one index structure
 * {@code idx(k, t, p)} where {@code k} is a 64-bit hash of (account, region, lookup category, attribute, value), with one
 * extra key per event for "all events". A lookup scans the most selective filter's key range newest first and checks
 * the other filters by point lookups; every candidate is verified against the decoded event, so a hash collision
 * can never return a wrong event.
 *
 * <p>Thread-safety: {@link #index} and {@link #purgeBefore} serialize on one lock; lookups run concurrently and
 * hold a day's read lock while they use its file.
 */
final class SqliteEventHistory
        implements EventHistory, Closeable
{
    private static final Logger log = LoggerFactory.getLogger(SqliteEventHistory.class);
    private static final int MAX_IDLE_READERS_PER_DAY = 4;
    private static final int SELECTIVITY_SAMPLE = 1_000;
    private static final int EVENT_ROWS_PER_STATEMENT = 32;
    private static final int OPEN_WRITERS = 3;
    private static final int KEY_ROWS_PER_STATEMENT = 256;

    private final Path directory;
    private final ConcurrentSkipListMap<LocalDate, Day> days = new ConcurrentSkipListMap<>();
    private final Object writeLock = new Object();
    // days with an open writer connection, least recently written first (guarded by writeLock)
    private final LinkedHashSet<LocalDate> writing = new LinkedHashSet<>();

    SqliteEventHistory(Path directory)
            throws IOException
    {
        this.directory = directory;
        Sqlite.createOwnerOnlyDirectory(directory);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.db")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    LocalDate date = LocalDate.parse(name.substring(0, name.length() - ".db".length()));
                    days.put(date, new Day(date, file));
                }
                catch (DateTimeParseException e) {
                    log.warn("ignoring unexpected file in the history directory: {}", file);
                }
            }
        }
    }

    @Override
    public void index(List<JournalEntry> entries)
            throws IOException
    {
        if (entries.isEmpty()) {
            return;
        }
        Map<LocalDate, List<JournalEntry>> byDay = new LinkedHashMap<>();
        for (JournalEntry entry : entries) {
            if (!HistoryKeys.inHistory(entry.event().category())) {
                continue;
            }
            byDay.computeIfAbsent(dayOf(entry.event().eventTime()), ignored -> new ArrayList<>()).add(entry);
        }
        synchronized (writeLock) {
            for (Map.Entry<LocalDate, List<JournalEntry>> group : byDay.entrySet()) {
                Day day = days.get(group.getKey());
                if (day == null) {
                    day = new Day(group.getKey(), directory.resolve(group.getKey() + ".db"));
                    day.writer();
                    days.put(day.date, day);
                }
                day.write(group.getValue());
                writing.remove(day.date);
                writing.add(day.date);
            }
            // events arrive in time order: keep writers for the few newest days only
            while (writing.size() > OPEN_WRITERS) {
                LocalDate eldest = writing.iterator().next();
                writing.remove(eldest);
                Day day = days.get(eldest);
                if (day != null) {
                    day.closeWriter();
                }
            }
        }
    }

    @Override
    public HistoryPage lookup(HistoryQuery query)
            throws IOException
    {
        Optional<Instant> newest = HistoryKeys.newestTime(query);
        if (newest.isEmpty()) {
            return new HistoryPage(List.of(), false);
        }
        Instant upper = newest.get();
        List<JournalEntry> found = new ArrayList<>(query.limit() + 1);
        Collection<Day> candidates = days.subMap(dayOf(query.startTime()), true, dayOf(upper), true).descendingMap().values();
        Optional<String> eventId = query.filters().stream().filter(filter -> filter.attribute() == LookupAttribute.EVENT_ID).map(HistoryQuery.Filter::value).findFirst();
        if (eventId.isPresent() && idDay(eventId.get()).isPresent()) {
            // a time-ordered id names its day (or the one before, for an event time truncated across midnight)
            LocalDate idDay = idDay(eventId.get()).get();
            candidates = candidates.stream().filter(day -> day.date.equals(idDay) || day.date.equals(idDay.minusDays(1))).toList();
        }
        for (Day day : candidates) {
            day.lookup(query, query.limit() + 1 - found.size(), found);
            if (found.size() > query.limit()) {
                break;
            }
        }
        return HistoryPage.ofFound(found, query.limit());
    }

    @Override
    public long[] histogram(HistoryQuery query, long bucketSeconds)
            throws IOException
    {
        long[] counts = HistoryKeys.emptyHistogram(query, bucketSeconds);
        if (counts.length == 0) {
            return counts;
        }
        long start = query.startTime().getEpochSecond();
        if (query.filters().stream().anyMatch(filter -> filter.attribute() == LookupAttribute.EVENT_ID)) {
            // an id names at most a few events: count what the lookup finds
            for (JournalEntry entry : lookup(new HistoryQuery(query.accountId(), query.region(), query.category(), query.filters(), query.startTime(), query.endTime(), 1_000, Optional.empty())).events()) {
                counts[(int) ((entry.event().eventTime().getEpochSecond() - start) / bucketSeconds)]++;
            }
            return counts;
        }
        for (Day day : days.subMap(dayOf(query.startTime()), true, dayOf(query.endTime()), true).values()) {
            day.histogram(query, bucketSeconds, counts);
        }
        return counts;
    }

    @Override
    public void purgeBefore(Instant cutoff)
            throws IOException
    {
        synchronized (writeLock) {
            LocalDate cutoffDay = dayOf(cutoff);
            for (Day day : List.copyOf(days.headMap(cutoffDay, false).values())) {
                days.remove(day.date);
                writing.remove(day.date);
                day.delete();
                log.info("dropped event history of {}", day.date);
            }
            Day partial = days.get(cutoffDay);
            if (partial != null) {
                partial.deleteBefore(cutoff);
            }
        }
    }

    @Override
    public void close()
    {
        synchronized (writeLock) {
            for (Day day : days.values()) {
                day.close();
            }
        }
    }

    /** One day's file. */
    private static final class Day
    {
        private final LocalDate date;
        private final Path file;
        private final ReadWriteLock lock = new ReentrantReadWriteLock();
        private final ConcurrentLinkedDeque<Reader> idleReaders = new ConcurrentLinkedDeque<>();
        // guarded by the history's write lock
        private Connection writer;
        private boolean deleted;

        Day(LocalDate date, Path file)
        {
            this.date = date;
            this.file = file;
        }

        Connection writer()
                throws IOException
        {
            if (writer == null) {
                try {
                    Sqlite.createOwnerOnly(file);
                    writer = Sqlite.open(file, false, true);
                    try (Statement statement = writer.createStatement()) {
                        statement.executeUpdate("""
                                CREATE TABLE IF NOT EXISTS events (
                                    position INTEGER PRIMARY KEY,
                                    t INTEGER NOT NULL,
                                    data BLOB NOT NULL
                                )""");
                        statement.executeUpdate("""
                                CREATE TABLE IF NOT EXISTS ids (
                                    hi INTEGER NOT NULL,
                                    lo INTEGER NOT NULL,
                                    p INTEGER NOT NULL,
                                    PRIMARY KEY (hi, lo, p)
                                ) WITHOUT ROWID""");
                        statement.executeUpdate("""
                                CREATE TABLE IF NOT EXISTS idx (
                                    k INTEGER NOT NULL,
                                    t INTEGER NOT NULL,
                                    p INTEGER NOT NULL,
                                    PRIMARY KEY (k, t, p)
                                ) WITHOUT ROWID""");
                    }
                }
                catch (SQLException e) {
                    Sqlite.closeQuietly(writer);
                    writer = null;
                    throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
                }
            }
            return writer;
        }

        /**
         * Inserts events and their keys with multi-row statements (far fewer native calls than one statement per
         * row). Every insert ignores rows that exist, so indexing an entry again changes nothing.
         */
        void write(List<JournalEntry> entries)
                throws IOException
        {
            Connection connection = writer();
            try {
                execute(connection, "BEGIN IMMEDIATE");
                try {
                    RowBuffer events = new RowBuffer(connection, "INSERT OR IGNORE INTO events (position, t, data) VALUES ", 3, EVENT_ROWS_PER_STATEMENT);
                    RowBuffer keys = new RowBuffer(connection, "INSERT OR IGNORE INTO idx (k, t, p) VALUES ", 3, KEY_ROWS_PER_STATEMENT);
                    RowBuffer ids = new RowBuffer(connection, "INSERT OR IGNORE INTO ids (hi, lo, p) VALUES ", 3, KEY_ROWS_PER_STATEMENT);
                    for (JournalEntry entry : entries) {
                        EventRecord event = entry.event();
                        long second = event.eventTime().getEpochSecond();
                        events.add(entry.position(), second, EventCodec.encodeCompressed(event));
                        long[] id = idKey(event.eventId());
                        ids.add(id[0], id[1], entry.position());
                        for (long key : keysOf(event)) {
                            keys.add(key, second, entry.position());
                        }
                    }
                    events.flush();
                    keys.flush();
                    ids.flush();
                    events.close();
                    keys.close();
                    ids.close();
                    execute(connection, "COMMIT");
                }
                catch (SQLException | RuntimeException e) {
                    execute(connection, "ROLLBACK");
                    throw e;
                }
            }
            catch (SQLException e) {
                throw new IOException("cannot index events of " + date + ": " + e.getMessage(), e);
            }
        }

        void deleteBefore(Instant cutoff)
                throws IOException
        {
            Connection connection = writer();
            try (PreparedStatement deleteKeys = connection.prepareStatement("DELETE FROM idx WHERE t < ?");
                    PreparedStatement deleteIds = connection.prepareStatement("DELETE FROM ids WHERE p IN (SELECT position FROM events WHERE t < ?)");
                    PreparedStatement deleteEvents = connection.prepareStatement("DELETE FROM events WHERE t < ?")) {
                execute(connection, "BEGIN IMMEDIATE");
                deleteKeys.setLong(1, cutoff.getEpochSecond());
                deleteKeys.executeUpdate();
                deleteIds.setLong(1, cutoff.getEpochSecond());
                deleteIds.executeUpdate();
                deleteEvents.setLong(1, cutoff.getEpochSecond());
                deleteEvents.executeUpdate();
                execute(connection, "COMMIT");
            }
            catch (SQLException e) {
                throw new IOException("cannot purge events of " + date + ": " + e.getMessage(), e);
            }
        }

        void lookup(HistoryQuery query, int wanted, List<JournalEntry> found)
                throws IOException
        {
            read(reader -> reader.lookup(query, wanted, found));
        }

        void histogram(HistoryQuery query, long bucketSeconds, long[] counts)
                throws IOException
        {
            read(reader -> reader.histogram(query, bucketSeconds, counts));
        }

        private void read(ReaderAction action)
                throws IOException
        {
            lock.readLock().lock();
            try {
                if (deleted) {
                    return;
                }
                Reader reader = idleReaders.pollFirst();
                if (reader == null) {
                    reader = new Reader(file);
                }
                try {
                    action.run(reader);
                }
                catch (SQLException e) {
                    Sqlite.closeQuietly(reader.connection);
                    reader = null;
                    throw new IOException("event history search failed in " + file + ": " + e.getMessage(), e);
                }
                finally {
                    if (reader != null) {
                        if (idleReaders.size() < MAX_IDLE_READERS_PER_DAY) {
                            idleReaders.addFirst(reader);
                        }
                        else {
                            reader.close();
                        }
                    }
                }
            }
            finally {
                lock.readLock().unlock();
            }
        }

        void delete()
                throws IOException
        {
            lock.writeLock().lock();
            try {
                deleted = true;
                close();
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
                }
            }
            finally {
                lock.writeLock().unlock();
            }
        }

        void closeWriter()
        {
            Sqlite.closeQuietly(writer);
            writer = null;
        }

        void close()
        {
            Reader reader;
            while ((reader = idleReaders.pollFirst()) != null) {
                reader.close();
            }
            Sqlite.closeQuietly(writer);
            writer = null;
        }

        private static void execute(Connection connection, String sql)
                throws SQLException
        {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Rows gathered into multi-row {@code INSERT ... VALUES (...), (...)} statements of a fixed size; the last,
     * partial group gets a statement of its own size.
     */
    private static final class RowBuffer
    {
        private final Connection connection;
        private final String prefix;
        private final int columns;
        private final int rowsPerStatement;
        private final Object[] values;
        private final PreparedStatement full;
        private int rows;

        RowBuffer(Connection connection, String prefix, int columns, int rowsPerStatement)
                throws SQLException
        {
            this.connection = connection;
            this.prefix = prefix;
            this.columns = columns;
            this.rowsPerStatement = rowsPerStatement;
            this.values = new Object[columns * rowsPerStatement];
            this.full = connection.prepareStatement(sql(rowsPerStatement));
        }

        private String sql(int rowCount)
        {
            String row = "(" + "?, ".repeat(columns - 1) + "?)";
            StringBuilder sql = new StringBuilder(prefix);
            for (int i = 0; i < rowCount; i++) {
                sql.append(i == 0 ? "" : ", ").append(row);
            }
            return sql.toString();
        }

        void add(Object... row)
                throws SQLException
        {
            System.arraycopy(row, 0, values, rows * columns, columns);
            rows++;
            if (rows == rowsPerStatement) {
                execute(full, rows);
            }
        }

        void flush()
                throws SQLException
        {
            if (rows == 0) {
                return;
            }
            try (PreparedStatement partial = connection.prepareStatement(sql(rows))) {
                execute(partial, rows);
            }
        }

        private void execute(PreparedStatement statement, int rowCount)
                throws SQLException
        {
            for (int i = 0; i < rowCount * columns; i++) {
                Object value = values[i];
                if (value instanceof byte[] bytes) {
                    statement.setBytes(i + 1, bytes);
                }
                else {
                    statement.setLong(i + 1, (Long) value);
                }
            }
            statement.executeUpdate();
            rows = 0;
        }

        void close()
        {
            Sqlite.closeQuietly(full);
        }
    }

    private interface ReaderAction
    {
        void run(Reader reader)
                throws SQLException;
    }

    /** A read connection to one day's file with its prepared statements. */
    private static final class Reader
    {
        private final Connection connection;
        private final Map<Integer, PreparedStatement> scans = new HashMap<>();
        private final Map<Integer, PreparedStatement> histograms = new HashMap<>();
        private PreparedStatement sample;
        private PreparedStatement byId;

        Reader(Path file)
                throws IOException
        {
            try {
                connection = Sqlite.open(file, true, true);
            }
            catch (SQLException e) {
                throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
            }
        }

        void lookup(HistoryQuery query, int wanted, List<JournalEntry> found)
                throws SQLException
        {
            long lower = query.startTime().getEpochSecond();
            long upper = query.endTime().getEpochSecond();
            long cursorTime = upper;
            long cursorPosition = Long.MAX_VALUE;
            if (query.after().isPresent()) {
                cursorTime = Math.min(upper, query.after().get().eventTime().getEpochSecond());
                cursorPosition = query.after().get().position();
                if (query.after().get().eventTime().getEpochSecond() > upper) {
                    cursorPosition = Long.MAX_VALUE;
                }
                upper = cursorTime;
            }

            Optional<HistoryQuery.Filter> byId = query.filters().stream().filter(filter -> filter.attribute() == LookupAttribute.EVENT_ID).findFirst();
            if (byId.isPresent()) {
                lookupById(query, byId.get().value(), lower, upper, cursorTime, cursorPosition, found);
                return;
            }
            Optional<List<Long>> ordered = keys(query, lower, upper);
            if (ordered.isEmpty()) {
                return;
            }
            List<Long> keys = ordered.get();

            PreparedStatement scan = scans.get(keys.size());
            if (scan == null) {
                StringBuilder sql = new StringBuilder("""
                        SELECT i.t, i.p, e.data FROM idx i JOIN events e ON e.position = i.p
                        WHERE i.k = ? AND i.t >= ? AND i.t <= ? AND NOT (i.t = ? AND i.p >= ?)""");
                sql.append(otherKeysCondition(keys.size()));
                sql.append(" ORDER BY i.t DESC, i.p DESC LIMIT ?");
                scan = connection.prepareStatement(sql.toString());
                scans.put(keys.size(), scan);
            }

            int target = found.size() + wanted;
            while (found.size() < target) {
                int batch = target - found.size();
                int parameter = 1;
                scan.setLong(parameter++, keys.get(0));
                scan.setLong(parameter++, lower);
                scan.setLong(parameter++, cursorTime);
                scan.setLong(parameter++, cursorTime);
                scan.setLong(parameter++, cursorPosition);
                for (int i = 1; i < keys.size(); i++) {
                    scan.setLong(parameter++, keys.get(i));
                }
                scan.setInt(parameter, batch);
                int rows = 0;
                try (ResultSet results = scan.executeQuery()) {
                    while (results.next()) {
                        rows++;
                        cursorTime = results.getLong(1);
                        cursorPosition = results.getLong(2);
                        EventRecord event = EventCodec.decode(results.getBytes(3));
                        if (matches(query, event)) {
                            found.add(new JournalEntry(cursorPosition, event));
                        }
                    }
                }
                if (rows < batch) {
                    return; // this day has no more candidates
                }
            }
        }

        /**
         * Counts by bucket from the index alone (no event is decoded): the keys are 64-bit hashes of (account,
         * region, category, attribute, value), so a count is wrong only if two such tuples collide.
         */
        void histogram(HistoryQuery query, long bucketSeconds, long[] counts)
                throws SQLException
        {
            long start = query.startTime().getEpochSecond();
            long end = query.endTime().getEpochSecond();
            Optional<List<Long>> ordered = keys(query, start, end);
            if (ordered.isEmpty()) {
                return;
            }
            List<Long> keys = ordered.get();
            PreparedStatement statement = histograms.get(keys.size());
            if (statement == null) {
                statement = connection.prepareStatement("SELECT (i.t - ?) / ?, count(*) FROM idx i WHERE i.k = ? AND i.t >= ? AND i.t <= ?"
                        + otherKeysCondition(keys.size()) + " GROUP BY 1");
                histograms.put(keys.size(), statement);
            }
            int parameter = 1;
            statement.setLong(parameter++, start);
            statement.setLong(parameter++, bucketSeconds);
            statement.setLong(parameter++, keys.get(0));
            statement.setLong(parameter++, start);
            statement.setLong(parameter++, end);
            for (int i = 1; i < keys.size(); i++) {
                statement.setLong(parameter++, keys.get(i));
            }
            try (ResultSet results = statement.executeQuery()) {
                while (results.next()) {
                    counts[results.getInt(1)] += results.getLong(2);
                }
            }
        }

        /**
         * The index keys of the query's filters (the all-events key when it has none), the most selective first in
         * this day's range, which then drives the scan; empty when some key has no entries in the range.
         */
        private Optional<List<Long>> keys(HistoryQuery query, long lower, long upper)
                throws SQLException
        {
            List<Long> keys = new ArrayList<>();
            for (HistoryQuery.Filter filter : query.filters()) {
                keys.add(key(query.accountId(), query.region(), query.category(), filter.attribute().awsName(), filter.attribute().normalize(filter.value())));
            }
            if (keys.isEmpty()) {
                return Optional.of(List.of(key(query.accountId(), query.region(), query.category(), ALL_EVENTS, "")));
            }
            if (keys.size() == 1) {
                return Optional.of(keys);
            }
            List<long[]> counted = new ArrayList<>();
            for (long key : keys) {
                long count = sample(key, lower, upper);
                if (count == 0) {
                    return Optional.empty();
                }
                counted.add(new long[] {count, key});
            }
            counted.sort(Comparator.comparingLong(pair -> pair[0]));
            return Optional.of(counted.stream().map(pair -> pair[1]).toList());
        }

        /** The condition that the other keys ({@code ?} each) index the same entry as the driving key of {@code idx i}. */
        private static String otherKeysCondition(int keyCount)
        {
            StringBuilder sql = new StringBuilder();
            for (int i = 1; i < keyCount; i++) {
                sql.append(" AND EXISTS (SELECT 1 FROM idx j").append(i)
                        .append(" WHERE j").append(i).append(".k = ? AND j").append(i).append(".t = i.t AND j").append(i).append(".p = i.p)");
            }
            return sql.toString();
        }

        /** Events with this id (normally one), checked against every filter, the range and the cursor. */
        private void lookupById(HistoryQuery query, String eventId, long lower, long upper, long cursorTime, long cursorPosition, List<JournalEntry> found)
                throws SQLException
        {
            if (byId == null) {
                byId = connection.prepareStatement("SELECT e.t, i.p, e.data FROM ids i JOIN events e ON e.position = i.p WHERE i.hi = ? AND i.lo = ? ORDER BY e.t DESC, i.p DESC");
            }
            long[] id = idKey(eventId);
            byId.setLong(1, id[0]);
            byId.setLong(2, id[1]);
            try (ResultSet results = byId.executeQuery()) {
                while (results.next()) {
                    long time = results.getLong(1);
                    long position = results.getLong(2);
                    if (time < lower || time > upper || (time == cursorTime && position >= cursorPosition)) {
                        continue;
                    }
                    EventRecord event = EventCodec.decode(results.getBytes(3));
                    if (matches(query, event)) {
                        found.add(new JournalEntry(position, event));
                    }
                }
            }
        }

        private long sample(long key, long lower, long upper)
                throws SQLException
        {
            if (sample == null) {
                sample = connection.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM idx WHERE k = ? AND t >= ? AND t <= ? LIMIT " + SELECTIVITY_SAMPLE + ")");
            }
            sample.setLong(1, key);
            sample.setLong(2, lower);
            sample.setLong(3, upper);
            try (ResultSet results = sample.executeQuery()) {
                results.next();
                return results.getLong(1);
            }
        }

        void close()
        {
            scans.values().forEach(Sqlite::closeQuietly);
            histograms.values().forEach(Sqlite::closeQuietly);
            Sqlite.closeQuietly(sample);
            Sqlite.closeQuietly(byId);
            Sqlite.closeQuietly(connection);
        }
    }
}
