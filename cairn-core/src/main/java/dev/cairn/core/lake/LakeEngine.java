package dev.cairn.core.lake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import org.duckdb.DuckDBConnection;
import org.duckdb.ProfilerPrintFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static dev.cairn.core.lake.LakeTableSchema.quoted;
import static dev.cairn.core.lake.LakeTableSchema.sqlString;
import static java.util.Objects.requireNonNull;

/**
 * Runs SQL already translated to DuckDB's dialect over event data stores. Each store is a view named
 * {@link #viewName(String)} over the store's live files ({@link LakeFiles#snapshot}), with the columns of its
 * {@link LakeTableSchema} (a store without files reads as an empty table of those columns); {@code eventDate}, the
 * partition column of the files' directories, is not one of them. DuckDB skips the files and row groups whose
 * statistics rule out a filter, as an {@code eventTime} range outside a day's files.
 * <p>
 * The SQL comes from users, so each query gets a DuckDB of its own, in memory, sandboxed before the query runs: the
 * only files it can read are its snapshot's ({@code allowed_paths}, then {@code enable_external_access = false}: no
 * other file, no directory listing, no writing, no {@code ATTACH} of a file, no extension installed or loaded), no
 * spilling to disk (no temporary directory a query could write to), the memory limit and thread count of
 * {@link LakeConfig}, then {@code lock_configuration = true} so that no {@code SET} undoes any of it. Opening one costs
 * about 50-100 ms.
 * <p>
 * Thread-safe; queries run on the caller's thread, any number at once (each with its own memory limit).
 */
public final class LakeEngine
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(LakeEngine.class);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private final LakeFiles files;
    private final LakeConfig config;
    private final ScheduledExecutorService timeouts;
    /** Rows of the files queries have read, by path and size: a bounded cache for {@link LakeQueryStatistics#eventsScanned()}. */
    private final Map<String, Long> rowCounts = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true)
    {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest)
        {
            return size() > 100_000;
        }
    });

    public LakeEngine(LakeFiles files, LakeConfig config)
    {
        this.files = requireNonNull(files, "files is null");
        this.config = requireNonNull(config, "config is null");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "lake-query-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timeouts = executor;
    }

    /**
     * The identifier a translated query uses for an event data store's table.
     */
    public static String viewName(String storeId)
    {
        return LakeSql.viewName(storeId);
    }

    /**
     * Runs one query and delivers its results to the sink.
     *
     * @param sql DuckDB SQL, one statement, in which each store appears as {@link #viewName(String)}
     * @param stores the event data stores the query reads, and their schemas
     * @param cancellation cancels the query from another thread
     * @param timeout the query is interrupted after this long
     * @throws LakeQueryException the query failed (its SQL), was cancelled, or timed out
     */
    public LakeQueryStatistics execute(String sql, Map<String, LakeTableSchema> stores, LakeResultSink sink, LakeCancellation cancellation, Duration timeout)
            throws LakeQueryException, IOException
    {
        requireNonNull(sql, "sql is null");
        requireNonNull(stores, "stores is null");
        requireNonNull(sink, "sink is null");
        requireNonNull(cancellation, "cancellation is null");
        requireNonNull(timeout, "timeout is null");
        long started = System.nanoTime();
        AtomicBoolean timedOut = new AtomicBoolean();
        if (cancellation.isCancelled()) {
            throw new LakeQueryException(LakeQueryException.Reason.CANCELLED, "Query was cancelled", null);
        }
        try (LakeSnapshot snapshot = files.snapshot(stores.keySet());
                DuckDBConnection connection = sandbox(snapshot, stores);
                Statement statement = connection.createStatement()) {
            ScheduledFuture<?> timer = timeouts.schedule(() -> {
                timedOut.set(true);
                try {
                    statement.cancel();
                }
                catch (SQLException e) {
                    // finished meanwhile
                }
            }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            cancellation.running(statement);
            try {
                if (!statement.execute(sql)) {
                    throw new LakeQueryException(LakeQueryException.Reason.FAILED, "Only SELECT statements are supported", null);
                }
                try (ResultSet results = statement.getResultSet()) {
                    deliver(results, sink, cancellation, timedOut);
                }
            }
            catch (SQLException e) {
                throw stopped(e, cancellation, timedOut);
            }
            finally {
                timer.cancel(false);
                cancellation.running(null);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return statistics(connection, snapshot, millis);
        }
        catch (SQLException e) {
            throw new IOException("cannot prepare the query's database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close()
    {
        timeouts.shutdownNow();
    }

    /** A DuckDB that reads the snapshot's files and nothing else, with a view per store, its configuration locked. */
    private DuckDBConnection sandbox(LakeSnapshot snapshot, Map<String, LakeTableSchema> stores)
            throws SQLException
    {
        DuckDBConnection connection = DuckDatabases.open(config.queryMemoryBytes(), config.queryThreads(), "");
        try (Statement statement = connection.createStatement()) {
            List<String> paths = new ArrayList<>();
            for (String storeId : stores.keySet()) {
                snapshot.files(storeId).forEach(file -> paths.add(file.path().toString()));
            }
            if (!paths.isEmpty()) {
                statement.execute("SET allowed_paths = " + paths.stream().map(LakeTableSchema::sqlString).collect(Collectors.joining(", ", "[", "]")));
            }
            statement.execute("SET enable_external_access = false");
            for (Map.Entry<String, LakeTableSchema> store : stores.entrySet()) {
                statement.execute("CREATE VIEW " + quoted(viewName(store.getKey())) + " AS " + viewQuery(snapshot.files(store.getKey()), store.getValue()));
            }
            // Lake's SQL as LakeSql translates it: Trino's integer division, UTC, and the macros of Trino's functions
            for (String session : LakeSql.sessionMacros()) {
                statement.execute(session);
            }
            statement.execute("PRAGMA enable_profiling = 'no_output'");
            statement.execute("SET lock_configuration = true");
        }
        catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static String viewQuery(List<LakeFile> files, LakeTableSchema schema)
    {
        if (files.isEmpty()) {
            return schema.emptySelect();
        }
        String columns = schema.columns().stream().map(column -> quoted(column.name())).collect(Collectors.joining(", "));
        String paths = files.stream().map(file -> sqlString(file.path().toString())).collect(Collectors.joining(", ", "[", "]"));
        // the files of a store share one schema: binding reads the first file's, not every file's
        return "SELECT " + columns + " FROM read_parquet(" + paths + ", hive_partitioning = false, union_by_name = false)";
    }

    private static void deliver(ResultSet results, LakeResultSink sink, LakeCancellation cancellation, AtomicBoolean timedOut)
            throws SQLException, LakeQueryException
    {
        ResultSetMetaData metadata = results.getMetaData();
        int count = metadata.getColumnCount();
        List<String> names = new ArrayList<>(count);
        ValueKind[] kinds = new ValueKind[count];
        for (int i = 0; i < count; i++) {
            names.add(metadata.getColumnLabel(i + 1));
            kinds[i] = ValueKind.of(metadata.getColumnTypeName(i + 1));
        }
        sink.columns(List.copyOf(names));
        while (results.next()) {
            if (timedOut.get()) {
                throw new LakeQueryException(LakeQueryException.Reason.TIMED_OUT, "Query timed out", null);
            }
            if (cancellation.isCancelled()) {
                throw new LakeQueryException(LakeQueryException.Reason.CANCELLED, "Query was cancelled", null);
            }
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                values[i] = value(results, i + 1, kinds[i]);
            }
            sink.row(Arrays.asList(values));
        }
    }

    private static String value(ResultSet results, int column, ValueKind kind)
            throws SQLException
    {
        try {
            switch (kind) {
                case TIMESTAMP -> {
                    LocalDateTime time = results.getObject(column, LocalDateTime.class);
                    return time == null ? null : TIMESTAMP.format(time);
                }
                case TIMESTAMP_WITH_TIME_ZONE -> {
                    OffsetDateTime time = results.getObject(column, OffsetDateTime.class);
                    return time == null ? null : TIMESTAMP.format(time.withOffsetSameInstant(ZoneOffset.UTC));
                }
                case OTHER -> {
                    return results.getString(column);
                }
            }
        }
        catch (SQLException | RuntimeException e) {
            // infinite timestamps and the like: as the driver prints them
        }
        return results.getString(column);
    }

    private static LakeQueryException stopped(SQLException e, LakeCancellation cancellation, AtomicBoolean timedOut)
    {
        if (timedOut.get()) {
            return new LakeQueryException(LakeQueryException.Reason.TIMED_OUT, "Query timed out", e);
        }
        if (cancellation.isCancelled()) {
            return new LakeQueryException(LakeQueryException.Reason.CANCELLED, "Query was cancelled", e);
        }
        String message = e.getMessage() == null ? "Query failed" : e.getMessage().strip();
        return new LakeQueryException(LakeQueryException.Reason.FAILED, message, e);
    }

    private static String rowCountKey(LakeFile file)
    {
        return file.path() + ":" + file.bytes();
    }

    private LakeQueryStatistics statistics(DuckDBConnection connection, LakeSnapshot snapshot, long millis)
    {
        try {
            JsonNode profile = Json.mapper().readTree(connection.getProfilingInformation(ProfilerPrintFormat.JSON));
            long bytes = profile.path("io").path("total_bytes_read").asLong();
            Scans scans = new Scans();
            for (JsonNode operator : profile.path("operator")) {
                long chain = walk(operator, scans);
                scans.matched += Math.max(0, chain);
            }
            // an estimate by row groups, but never fewer than the events that matched
            return new LakeQueryStatistics(scans.matched, Math.max(scans.matched, scanned(connection, snapshot, scans.scans)), bytes, millis);
        }
        catch (SQLException | IOException | RuntimeException e) {
            log.debug("No profile of a Lake query", e);
            return new LakeQueryStatistics(0, 0, 0, millis);
        }
    }

    /**
     * The events in the row groups the scans read: each scan's store's events times the share of its row groups it
     * read (DuckDB's profile counts row groups, and the rows that passed the filters pushed into the scan, not the rows
     * of the row groups read).
     */
    private long scanned(DuckDBConnection connection, LakeSnapshot snapshot, List<Scan> scans)
            throws SQLException
    {
        if (scans.isEmpty()) {
            return 0;
        }
        List<LakeFile> all = new ArrayList<>();
        snapshot.storeIds().forEach(storeId -> all.addAll(snapshot.files(storeId)));
        Map<String, String> storeOfFile = new HashMap<>();
        all.forEach(file -> storeOfFile.put(file.path().toString(), file.storeId()));
        // a file's rows, once known, are remembered (a file written again has another size)
        List<LakeFile> unknown = all.stream().filter(file -> rowCounts.get(rowCountKey(file)) == null).toList();
        if (!unknown.isEmpty()) {
            Map<String, LakeFile> byPath = new HashMap<>();
            unknown.forEach(file -> byPath.put(file.path().toString(), file));
            String paths = unknown.stream().map(file -> sqlString(file.path().toString())).collect(Collectors.joining(", ", "[", "]"));
            try (Statement statement = connection.createStatement();
                    ResultSet results = statement.executeQuery("SELECT file_name, num_rows FROM parquet_file_metadata(" + paths + ")")) {
                while (results.next()) {
                    LakeFile file = byPath.get(results.getString(1));
                    if (file != null) {
                        rowCounts.put(rowCountKey(file), results.getLong(2));
                    }
                }
            }
        }
        Map<String, Long> storeRows = new HashMap<>();
        for (LakeFile file : all) {
            Long rows = rowCounts.get(rowCountKey(file));
            storeRows.merge(file.storeId(), rows == null ? 0 : rows, Long::sum);
        }
        long scanned = 0;
        for (Scan scan : scans) {
            String storeId = storeOfFile.get(scan.firstFile());
            long rows = storeId == null ? 0 : storeRows.getOrDefault(storeId, 0L);
            scanned += scan.rowGroupsToScan() == 0 ? 0 : Math.round((double) rows * scan.rowGroupsScanned() / scan.rowGroupsToScan());
        }
        return scanned;
    }

    /**
     * Collects the node's Parquet scans. Returns the rows leaving the node if it is a Parquet scan, or a filter or
     * projection right above one (the rows leaving the highest such filter are the scan's matched events); -1
     * otherwise, after adding the matched events of the chains below it to {@link Scans#matched}.
     */
    private static long walk(JsonNode node, Scans scans)
    {
        String type = node.path("type").asText();
        long rows = node.path("intermediate_rows").asLong();
        JsonNode info = node.path("extra_info");
        if (type.equals("TABLE_SCAN") && info.path("Function").asText().equals("READ_PARQUET")) {
            String files = info.path("Filename(s)").asText();
            int comma = files.indexOf(", ");
            scans.scans.add(new Scan(comma < 0 ? files : files.substring(0, comma), node.path("row_groups_scanned").asLong(), node.path("total_row_groups_to_scan").asLong()));
            return rows;
        }
        List<Long> chains = new ArrayList<>();
        for (JsonNode child : node.path("children")) {
            chains.add(walk(child, scans));
        }
        boolean aboveScan = chains.size() == 1 && chains.get(0) >= 0;
        if (aboveScan && (type.equals("FILTER") || type.equals("PROJECTION"))) {
            return type.equals("FILTER") ? rows : chains.get(0);
        }
        for (long chain : chains) {
            scans.matched += Math.max(0, chain);
        }
        return -1;
    }

    private record Scan(String firstFile, long rowGroupsScanned, long rowGroupsToScan) {}

    private static final class Scans
    {
        final List<Scan> scans = new ArrayList<>();
        long matched;
    }

    private enum ValueKind
    {
        TIMESTAMP,
        TIMESTAMP_WITH_TIME_ZONE,
        OTHER;

        static ValueKind of(String typeName)
        {
            String type = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
            if (type.equals("TIMESTAMP WITH TIME ZONE") || type.equals("TIMESTAMPTZ")) {
                return TIMESTAMP_WITH_TIME_ZONE;
            }
            if (type.equals("TIMESTAMP") || type.startsWith("TIMESTAMP_")) {
                return TIMESTAMP;
            }
            return OTHER;
        }
    }
}
