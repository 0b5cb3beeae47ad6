package dev.cairn.store.postgres;

import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.model.LookupAttribute;
import dev.cairn.spi.EventCodec;
import dev.cairn.spi.EventHistory;
import dev.cairn.spi.HistoryKeys;
import dev.cairn.spi.HistoryPage;
import dev.cairn.spi.HistoryQuery;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static dev.cairn.spi.HistoryKeys.dayOf;
import static dev.cairn.spi.HistoryKeys.key;
import static dev.cairn.spi.HistoryKeys.matches;
import static dev.cairn.store.postgres.PostgresStore.failure;

/**
 * Event history in two tables partitioned by UTC day of event time ({@code history_events}: the compressed event;
 * {@code history_keys}: one row per lookup key of each event, keyed by (key, time, position)), so that retention drops
 * whole days. A lookup reads the most selective filter's key newest first, checks the other filters' keys by index
 * probes, and verifies every candidate against the decoded event, so a hash collision never returns a wrong event.
 *
 * <p>{@link #index} runs on one node at a time (the indexer holds a lease) and skips entries at or below the highest
 * position it indexed before; lookups run anywhere.
 */
final class PostgresEventHistory
        implements EventHistory
{
    private static final Logger log = LoggerFactory.getLogger(PostgresEventHistory.class);
    private static final DateTimeFormatter PARTITION_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final int SELECTIVITY_SAMPLE = 1_000;
    /** Event ids are indexed as keys of this attribute name. */
    private static final String EVENT_ID = LookupAttribute.EVENT_ID.awsName();

    private final DataSource pool;
    private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();

    PostgresEventHistory(DataSource pool)
    {
        this.pool = pool;
    }

    private static List<Long> keysOf(EventRecord event)
    {
        List<Long> keys = new ArrayList<>(HistoryKeys.keysOf(event));
        keys.add(key(event.accountId(), event.region(), event.category(), EVENT_ID, LookupAttribute.EVENT_ID.normalize(event.eventId())));
        return keys;
    }

    private static OffsetDateTime time(Instant instant)
    {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(instant.getEpochSecond()), ZoneOffset.UTC);
    }

    @Override
    public void index(List<JournalEntry> entries)
            throws IOException
    {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long indexed;
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT last_position FROM history_head WHERE id = 1 FOR UPDATE")) {
                    rows.next();
                    indexed = rows.getLong(1);
                }
                List<JournalEntry> fresh = entries.stream().filter(entry -> entry.position() > indexed).toList();
                if (fresh.isEmpty()) {
                    connection.rollback();
                    return;
                }
                Set<LocalDate> days = new TreeSet<>();
                for (JournalEntry entry : fresh) {
                    days.add(dayOf(entry.event().eventTime()));
                }
                for (LocalDate day : days) {
                    createPartitions(connection, day);
                }
                StringBuilder events = new StringBuilder(fresh.size() * 1_200);
                StringBuilder keys = new StringBuilder(fresh.size() * 12 * 48);
                HexFormat hex = HexFormat.of();
                long highest = indexed;
                for (JournalEntry entry : fresh) {
                    EventRecord event = entry.event();
                    String time = Instant.ofEpochSecond(event.eventTime().getEpochSecond()).toString();
                    events.append(time).append('\t').append(entry.position()).append("\t\\\\x").append(hex.formatHex(EventCodec.encodeCompressed(event))).append('\n');
                    for (long key : keysOf(event)) {
                        keys.append(key).append('\t').append(time).append('\t').append(entry.position()).append('\n');
                    }
                    highest = Math.max(highest, entry.position());
                }
                var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                copy.copyIn("COPY history_events (event_time, position, event) FROM STDIN", new StringReader(events.toString()));
                copy.copyIn("COPY history_keys (key, event_time, position) FROM STDIN", new StringReader(keys.toString()));
                try (PreparedStatement head = connection.prepareStatement("UPDATE history_head SET last_position = ? WHERE id = 1")) {
                    head.setLong(1, highest);
                    head.executeUpdate();
                }
                connection.commit();
            }
            catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        catch (SQLException e) {
            throw failure("cannot index " + entries.size() + " events", e);
        }
    }

    private void createPartitions(Connection connection, LocalDate day)
            throws SQLException
    {
        if (partitions.contains(day)) {
            return;
        }
        String suffix = day.format(PARTITION_SUFFIX);
        String bounds = "FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')";
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS history_events_" + suffix + " PARTITION OF history_events " + bounds);
            statement.execute("CREATE TABLE IF NOT EXISTS history_keys_" + suffix + " PARTITION OF history_keys " + bounds);
        }
        partitions.add(day);
    }

    @Override
    public HistoryPage lookup(HistoryQuery query)
            throws IOException
    {
        if (HistoryKeys.newestTime(query).isEmpty()) {
            return new HistoryPage(List.of(), false);
        }
        try (Connection connection = pool.getConnection()) {
            List<Long> keys = orderedKeys(connection, query);
            List<JournalEntry> found = new ArrayList<>(query.limit() + 1);
            Optional<HistoryQuery.Cursor> after = query.after();
            while (found.size() <= query.limit()) {
                int want = query.limit() + 1 - found.size();
                List<JournalEntry> candidates = candidates(connection, query, keys, after, want);
                for (JournalEntry candidate : candidates) {
                    if (matches(query, candidate.event())) {
                        found.add(candidate);
                    }
                }
                if (candidates.size() < want) {
                    break;
                }
                JournalEntry last = candidates.get(candidates.size() - 1);
                after = Optional.of(new HistoryQuery.Cursor(last.event().eventTime(), last.position()));
            }
            boolean more = found.size() > query.limit();
            return new HistoryPage(more ? found.subList(0, query.limit()) : found, more);
        }
        catch (SQLException e) {
            throw failure("lookup failed", e);
        }
    }

    /** The query's keys, the one to scan first (the fewest rows in the range, from a bounded count) first. */
    private static List<Long> orderedKeys(Connection connection, HistoryQuery query)
            throws SQLException
    {
        List<Long> keys = new ArrayList<>();
        for (HistoryQuery.Filter filter : query.filters()) {
            keys.add(key(query.accountId(), query.region(), query.category(), filter.attribute().awsName(), filter.attribute().normalize(filter.value())));
        }
        if (keys.isEmpty()) {
            return List.of(key(query.accountId(), query.region(), query.category(), HistoryKeys.ALL_EVENTS, ""));
        }
        if (keys.size() == 1) {
            return keys;
        }
        List<long[]> counted = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM (SELECT 1 FROM history_keys WHERE key = ? AND event_time >= ? AND event_time < ? LIMIT " + SELECTIVITY_SAMPLE + ") sample")) {
            for (long key : keys) {
                statement.setLong(1, key);
                statement.setObject(2, time(query.startTime()));
                statement.setObject(3, time(query.endTime()).plusSeconds(1));
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    counted.add(new long[] {key, rows.getLong(1)});
                }
            }
        }
        counted.sort(Comparator.comparingLong(pair -> pair[1]));
        return counted.stream().map(pair -> pair[0]).toList();
    }

    /** Rows of the first key that have every other key, in the range and after the cursor, newest first. */
    private static List<JournalEntry> candidates(Connection connection, HistoryQuery query, List<Long> keys, Optional<HistoryQuery.Cursor> after, int limit)
            throws SQLException
    {
        // the newest matching keys first (a backward scan of the key's index), then each one's event by its primary
        // key: a plan that needs no table statistics (a join left to the planner read whole days on fresh partitions)
        StringBuilder sql = new StringBuilder("""
                SELECT k.position, (SELECT e.event FROM history_events e WHERE e.event_time = k.event_time AND e.position = k.position AND e.event_time >= ? AND e.event_time < ?)
                FROM (SELECT k.event_time, k.position FROM history_keys k
                WHERE k.key = ? AND k.event_time >= ? AND k.event_time < ?""");
        if (after.isPresent()) {
            sql.append(" AND (k.event_time, k.position) < (?, ?)");
        }
        for (int i = 1; i < keys.size(); i++) {
            sql.append(" AND EXISTS (SELECT 1 FROM history_keys o WHERE o.key = ? AND o.event_time = k.event_time AND o.position = k.position)");
        }
        sql.append(" ORDER BY k.event_time DESC, k.position DESC LIMIT ?) k ORDER BY k.event_time DESC, k.position DESC");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int parameter = 1;
            OffsetDateTime start = time(query.startTime());
            OffsetDateTime end = time(query.endTime()).plusSeconds(1);
            statement.setObject(parameter++, start);
            statement.setObject(parameter++, end);
            statement.setLong(parameter++, keys.get(0));
            statement.setObject(parameter++, start);
            statement.setObject(parameter++, end);
            if (after.isPresent()) {
                statement.setObject(parameter++, time(after.get().eventTime()));
                statement.setLong(parameter++, after.get().position());
            }
            for (int i = 1; i < keys.size(); i++) {
                statement.setLong(parameter++, keys.get(i));
            }
            statement.setInt(parameter, limit);
            List<JournalEntry> entries = new ArrayList<>(limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new JournalEntry(rows.getLong(1), EventCodec.decode(rows.getBytes(2))));
                }
            }
            return entries;
        }
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
        try (Connection connection = pool.getConnection()) {
            List<Long> keys = orderedKeys(connection, query);
            StringBuilder sql = new StringBuilder("SELECT (extract(epoch FROM k.event_time)::bigint - ?) / ? AS bucket, count(*) FROM history_keys k"
                    + " WHERE k.key = ? AND k.event_time >= ? AND k.event_time < ?");
            for (int i = 1; i < keys.size(); i++) {
                sql.append(" AND EXISTS (SELECT 1 FROM history_keys o WHERE o.key = ? AND o.event_time = k.event_time AND o.position = k.position)");
            }
            sql.append(" GROUP BY bucket");
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int parameter = 1;
                statement.setLong(parameter++, start);
                statement.setLong(parameter++, bucketSeconds);
                statement.setLong(parameter++, keys.get(0));
                statement.setObject(parameter++, time(query.startTime()));
                statement.setObject(parameter++, time(query.endTime()).plusSeconds(1));
                for (int i = 1; i < keys.size(); i++) {
                    statement.setLong(parameter++, keys.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        counts[Math.toIntExact(rows.getLong(1))] += rows.getLong(2);
                    }
                }
            }
            return counts;
        }
        catch (SQLException e) {
            throw failure("histogram failed", e);
        }
    }

    /** Drops the partitions of whole days before the cutoff's day, and deletes the rest of that day before it. */
    @Override
    public void purgeBefore(Instant cutoff)
            throws IOException
    {
        LocalDate cutoffDay = dayOf(cutoff);
        try (Connection connection = pool.getConnection()) {
            List<LocalDate> days = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("""
                            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                            WHERE i.inhparent = 'history_events'::regclass""")) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    days.add(LocalDate.parse(name.substring("history_events_".length()), PARTITION_SUFFIX));
                }
            }
            for (LocalDate day : days) {
                if (day.isBefore(cutoffDay)) {
                    String suffix = day.format(PARTITION_SUFFIX);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("DROP TABLE IF EXISTS history_keys_" + suffix);
                        statement.execute("DROP TABLE IF EXISTS history_events_" + suffix);
                    }
                    partitions.remove(day);
                    log.info("dropped event history of {}", day);
                }
            }
            for (String table : List.of("history_keys", "history_events")) {
                try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table + " WHERE event_time >= ? AND event_time < ?")) {
                    statement.setObject(1, OffsetDateTime.of(cutoffDay.atStartOfDay(), ZoneOffset.UTC));
                    statement.setObject(2, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                    statement.executeUpdate();
                }
            }
        }
        catch (SQLException e) {
            throw failure("cannot purge the history before " + cutoff, e);
        }
    }
}
