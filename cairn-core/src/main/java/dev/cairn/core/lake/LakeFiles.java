package dev.cairn.core.lake;

import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.cairn.core.lake.LakeTableSchema.sqlString;
import static java.util.Objects.requireNonNull;

/**
 * The files of the event data stores under one root directory (the embedded deployment's {@code <data-dir>/lake}):
 * <pre>
 * &lt;root&gt;/&lt;storeId&gt;/eventDate=YYYY-MM-DD/&lt;batch&gt;.parquet           a batch's events of that UTC day
 * &lt;root&gt;/&lt;storeId&gt;/eventDate=YYYY-MM-DD/&lt;first&gt;-&lt;last&gt;.parquet    compaction's merge of batches first..last
 * &lt;root&gt;/.work/                                                 temporary files; emptied at start
 * </pre>
 * A store is a hive-partitioned Parquet table (partition column {@code eventDate}, a DATE): Trino, Spark, Athena and
 * DuckDB read the directory as one table. Files are Parquet with ZSTD compression, rows sorted by {@code eventTime},
 * columns as {@link LakeTableSchema} lists them (the partition column is in the path only).
 * <p>
 * Writing: the records of a batch go to a temporary newline-delimited JSON file per UTC day touched (sorted by
 * {@code eventTime} there), which DuckDB reads with {@code read_json} and an explicit column list and writes with
 * {@code COPY ... TO ... (FORMAT parquet, COMPRESSION zstd)} on its own threads; each file is synced and renamed
 * into place. Measured with records of about 1.2 KB, 50,000 to a batch, in CPU time an event: about 2 µs in Java
 * (finding {@code eventTime}, sorting, writing the JSON lines) and 19-26 µs in DuckDB (of which JSON reading about 5,
 * the three JSON-object maps about 6). The other way measured, Jackson and DuckDB's appender into a table and then
 * {@code COPY} of the table, took about 56 µs (43 parsing and appending, 13 writing).
 * <p>
 * What a query reads: {@link #snapshot} lists the live files (those no merged file covers, see {@link LakeFile}) and
 * holds them: a file compaction or retention removes is deleted only once no snapshot holds it, so a running query
 * never loses a file it was going to read. A crash leaves at worst covered files (deleted at the next start or
 * compaction: never read meanwhile) and temporary files under {@code .work} (deleted at start); no query ever sees
 * a row twice or misses one. Other engines reading the directory do not know the covering rule: while a compaction's
 * inputs await deletion they would read those rows twice.
 * <p>
 * DuckDB: {@code org.duckdb:duckdb_jdbc} 2.0.0.1 has the {@code parquet}, {@code json} and {@code icu} extensions
 * (and {@code core_functions}) built in and loaded; every other extension would have to be downloaded, which this
 * class never allows ({@code autoinstall_known_extensions} and {@code autoload_known_extensions} off).
 * <p>
 * One process owns a root. Thread-safe: writes, compactions, drops and snapshots of any stores may run at once (a
 * store's batches are written by one caller, in order).
 */
public final class LakeFiles
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(LakeFiles.class);

    static final String WORK_DIRECTORY = ".work";
    static final String DAY_PREFIX = "eventDate=";
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    /**
     * The largest record DuckDB's JSON reader takes (CloudTrail's records are at most 256 KB, a Lake event 1 MB); a
     * larger one is left out. The reader's buffers are a few times this size.
     */
    private static final int MAXIMUM_RECORD_BYTES = 4 << 20;
    /**
     * Row groups of 25,000 rows: DuckDB's Parquet writer took about twice the CPU time an event for 100,000-row groups
     * (DuckDB's default is 122,880), and the files are less than 2% larger. Smaller groups also let statistics skip
     * finer ranges of {@code eventTime}.
     */
    static final String PARQUET_OPTIONS = " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 25000)";

    private final Path root;
    private final Path work;
    private final LakeConfig config;
    private final CrashPoints crashPoints;
    /** The DuckDB that writes and merges files; each operation works on its own duplicate connection. */
    private final DuckDBConnection database;

    /** Guards files' publication and deletion, the references snapshots hold, and the newest batches. */
    private final Object lock = new Object();
    private final Map<Path, Integer> references = new HashMap<>();
    private final Set<Path> pendingDeletions = new HashSet<>();
    private final Map<String, Optional<String>> newestBatches = new HashMap<>();

    public LakeFiles(Path root, LakeConfig config)
            throws IOException
    {
        this(root, config, CrashPoints.NONE);
    }

    LakeFiles(Path root, LakeConfig config, CrashPoints crashPoints)
            throws IOException
    {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.config = requireNonNull(config, "config is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.work = this.root.resolve(WORK_DIRECTORY);
        OwnerOnly.createDirectories(this.root);
        deleteRecursively(work);
        OwnerOnly.createDirectories(work.resolve("spill"));
        try {
            this.database = DuckDatabases.open(config.writeMemoryBytes(), config.writeThreads(), work.resolve("spill").toString());
        }
        catch (SQLException e) {
            throw new IOException("cannot start DuckDB: " + e.getMessage(), e);
        }
        recover();
    }

    public Path root()
    {
        return root;
    }

    /** The directory of a store's files. */
    public Path storeDirectory(String storeId)
    {
        checkStoreId(storeId);
        return root.resolve(storeId);
    }

    /**
     * Writes a batch of records into the store: one file per UTC day of their {@code eventTime}, named after the batch,
     * rows sorted by {@code eventTime}. Atomic per file (written aside, synced, renamed into place) and idempotent:
     * writing a batch again replaces its files (and removes those of days it no longer touches). Only the store's
     * newest batch may be written again (by a caller that crashed after writing it and before noting that it had);
     * a batch name below the newest is refused, as its rows might already be in a merged file.
     *
     * @param batchName names the batch: {@code [0-9A-Za-z_]{1,100}}, ordered as strings (the caller's first journal
     *         position of the batch, zero-padded to a fixed width)
     * @param records CloudTrail records, UTF-8 JSON, as the journal keeps them; a record that is not a JSON object
     *         with an ISO-8601 {@code eventTime} is left out (and counted)
     */
    public WriteResult write(String storeId, LakeTableSchema schema, String batchName, List<byte[]> records)
            throws IOException
    {
        checkStoreId(storeId);
        requireNonNull(schema, "schema is null");
        checkBatchName(batchName);
        requireNonNull(records, "records is null");
        synchronized (lock) {
            checkNotOlderThanNewest(storeId, batchName);
        }

        Map<LocalDate, List<TimedRecord>> days = new TreeMap<>();
        int rejected = 0;
        for (int i = 0; i < records.size(); i++) {
            byte[] record = records.get(i);
            Optional<Instant> eventTime = eventTime(record);
            if (eventTime.isEmpty()) {
                rejected++;
                continue;
            }
            Instant time = eventTime.get();
            days.computeIfAbsent(LocalDate.ofInstant(time, ZoneOffset.UTC), day -> new ArrayList<>()).add(new TimedRecord(time, record));
        }

        Map<LocalDate, Path> written = new LinkedHashMap<>();
        long rows = 0;
        try {
            for (Map.Entry<LocalDate, List<TimedRecord>> day : days.entrySet()) {
                List<TimedRecord> dayRecords = day.getValue();
                // stable: records of the same time keep their journal order
                dayRecords.sort(Comparator.comparing(TimedRecord::eventTime));
                Path parquet = work.resolve(UUID.randomUUID() + LakeFile.SUFFIX);
                long dayRows = writeParquet(schema, dayRecords, parquet);
                if (dayRows == 0) {
                    Files.deleteIfExists(parquet);
                    continue;
                }
                rows += dayRows;
                sync(parquet);
                written.put(day.getKey(), parquet);
            }
            publishBatch(storeId, batchName, written);
        }
        finally {
            for (Path temporary : written.values()) {
                Files.deleteIfExists(temporary);
            }
        }
        rejected += (int) (records.size() - rejected - rows);
        if (rejected > 0) {
            log.warn("Lake store {} batch {}: {} of {} records had no readable eventTime or were not JSON objects and were left out", storeId, batchName, rejected,
                    records.size());
        }
        return new WriteResult(rows, rejected, written.keySet());
    }

    /**
     * Merges each day's runs of small files (smaller than {@link LakeConfig#targetFileBytes()}, adjacent in batch
     * order, together smaller than about that size) into one file each, sorted by {@code eventTime}. The store's newest
     * batch is left alone (it may still be written again). The inputs are deleted once no snapshot holds them.
     *
     * @return the number of files merged away
     */
    public int compact(String storeId)
            throws IOException
    {
        checkStoreId(storeId);
        Listing listing;
        Optional<String> newest;
        synchronized (lock) {
            listing = list(storeId);
            newest = newestBatch(storeId);
            for (LakeFile covered : listing.covered()) {
                deleteWhenUnused(covered.path());
            }
        }
        int merged = 0;
        Map<LocalDate, List<LakeFile>> byDay = listing.live().stream()
                .collect(Collectors.groupingBy(LakeFile::day, TreeMap::new, Collectors.toList()));
        for (List<LakeFile> dayFiles : byDay.values()) {
            for (List<LakeFile> run : runs(dayFiles, newest)) {
                if (merge(storeId, run)) {
                    merged += run.size();
                }
            }
        }
        return merged;
    }

    /**
     * Drops the store's days before {@code firstKept} (retention drops whole partitions): their files leave every
     * listing at once and are deleted once no snapshot holds them.
     *
     * @return the number of days dropped
     */
    public int dropDaysBefore(String storeId, LocalDate firstKept)
            throws IOException
    {
        checkStoreId(storeId);
        requireNonNull(firstKept, "firstKept is null");
        int dropped = 0;
        synchronized (lock) {
            for (Map.Entry<LocalDate, Path> day : days(storeId).entrySet()) {
                if (day.getKey().isBefore(firstKept)) {
                    for (Path file : parquetFiles(day.getValue())) {
                        deleteWhenUnused(file);
                    }
                    deleteIfEmpty(day.getValue());
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** Deletes every file of the store (each once no snapshot holds it). */
    public void deleteStore(String storeId)
            throws IOException
    {
        checkStoreId(storeId);
        synchronized (lock) {
            for (Path day : days(storeId).values()) {
                for (Path file : parquetFiles(day)) {
                    deleteWhenUnused(file);
                }
                deleteIfEmpty(day);
            }
            deleteIfEmpty(root.resolve(storeId));
            newestBatches.remove(storeId);
        }
    }

    /** The size of the store's live files: what a query over all of it reads at most. */
    public long storedBytes(String storeId)
            throws IOException
    {
        return liveFiles(storeId).stream().mapToLong(LakeFile::bytes).sum();
    }

    /** The store's live files, by day and then batch: what a query reads. */
    public List<LakeFile> liveFiles(String storeId)
            throws IOException
    {
        checkStoreId(storeId);
        synchronized (lock) {
            return list(storeId).live();
        }
    }

    /**
     * The live files of the stores, held (not deleted) until the snapshot is closed: open one for each query, before
     * reading any file.
     */
    public LakeSnapshot snapshot(Collection<String> storeIds)
            throws IOException
    {
        Map<String, List<LakeFile>> files = new LinkedHashMap<>();
        synchronized (lock) {
            for (String storeId : storeIds) {
                checkStoreId(storeId);
                List<LakeFile> live = list(storeId).live();
                for (LakeFile file : live) {
                    references.merge(file.path(), 1, Integer::sum);
                }
                files.put(storeId, live);
            }
        }
        return new LakeSnapshot(this, files);
    }

    @Override
    public void close()
            throws IOException
    {
        try {
            database.close();
        }
        catch (SQLException e) {
            throw new IOException("cannot close DuckDB: " + e.getMessage(), e);
        }
    }

    /** Called by a snapshot when closed. */
    void release(Collection<LakeFile> files)
    {
        synchronized (lock) {
            for (LakeFile file : files) {
                Integer count = references.get(file.path());
                if (count == null) {
                    continue;
                }
                if (count > 1) {
                    references.put(file.path(), count - 1);
                    continue;
                }
                references.remove(file.path());
                if (pendingDeletions.remove(file.path())) {
                    try {
                        delete(file.path());
                    }
                    catch (IOException e) {
                        log.warn("Cannot delete Lake file {} that no query reads any more", file.path(), e);
                    }
                }
            }
        }
    }

    private long writeParquet(LakeTableSchema schema, List<TimedRecord> records, Path parquet)
            throws IOException
    {
        Path json = work.resolve(UUID.randomUUID() + ".ndjson");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(json), 1 << 18)) {
                for (TimedRecord record : records) {
                    writeLine(out, record.json());
                }
            }
            String copy = "COPY (SELECT " + schema.selectList()
                    + " FROM read_json(" + sqlString(json.toString()) + ", columns = " + schema.readColumns()
                    + ", format = 'newline_delimited', ignore_errors = true, maximum_object_size = " + MAXIMUM_RECORD_BYTES + ")"
                    + " WHERE " + LakeTableSchema.quoted(LakeTableSchema.EVENT_TIME) + " IS NOT NULL)"
                    + " TO " + sqlString(parquet.toString()) + PARQUET_OPTIONS;
            try (DuckDBConnection connection = database.duplicate(); Statement statement = connection.createStatement()) {
                return statement.executeLargeUpdate(copy);
            }
            catch (SQLException e) {
                throw new IOException("cannot write " + parquet.getFileName() + ": " + e.getMessage(), e);
            }
        }
        finally {
            Files.deleteIfExists(json);
        }
    }

    /** One record a line: a raw line break can only be whitespace between JSON tokens, so it becomes a space. */
    private static void writeLine(OutputStream out, byte[] record)
            throws IOException
    {
        int start = 0;
        for (int i = 0; i < record.length; i++) {
            if (record[i] == '\n' || record[i] == '\r') {
                out.write(record, start, i - start);
                out.write(' ');
                start = i + 1;
            }
        }
        out.write(record, start, record.length - start);
        out.write('\n');
    }

    private void publishBatch(String storeId, String batchName, Map<LocalDate, Path> written)
            throws IOException
    {
        String name = LakeFile.fileName(batchName, batchName);
        synchronized (lock) {
            checkNotOlderThanNewest(storeId, batchName);
            boolean writtenBefore = newestBatch(storeId).filter(batchName::equals).isPresent();
            Path store = root.resolve(storeId);
            for (Map.Entry<LocalDate, Path> day : written.entrySet()) {
                Path directory = dayDirectory(storeId, day.getKey());
                boolean newDirectory = Files.notExists(directory);
                OwnerOnly.createDirectories(directory);
                OwnerOnly.restrict(day.getValue());
                Files.move(day.getValue(), directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                sync(directory);
                if (newDirectory) {
                    sync(store);
                    sync(root);
                }
            }
            // a batch written again that touches fewer days: its other days' files go
            for (Map.Entry<LocalDate, Path> day : writtenBefore ? days(storeId).entrySet() : Set.<Map.Entry<LocalDate, Path>>of()) {
                Path old = day.getValue().resolve(name);
                if (!written.containsKey(day.getKey()) && Files.exists(old)) {
                    deleteWhenUnused(old);
                    deleteIfEmpty(day.getValue());
                }
            }
            newestBatches.put(storeId, Optional.of(batchName));
        }
    }

    /** Splits a day's live files into runs worth merging: adjacent small files, the newest batch's file left out. */
    private List<List<LakeFile>> runs(List<LakeFile> dayFiles, Optional<String> newest)
    {
        List<List<LakeFile>> runs = new ArrayList<>();
        List<LakeFile> run = new ArrayList<>();
        long runBytes = 0;
        for (LakeFile file : dayFiles) {
            boolean eligible = file.bytes() < config.targetFileBytes()
                    && !(newest.isPresent() && file.lastBatch().compareTo(newest.get()) >= 0);
            if (!eligible || runBytes >= config.targetFileBytes()) {
                if (run.size() > 1) {
                    runs.add(run);
                }
                run = new ArrayList<>();
                runBytes = 0;
            }
            if (eligible) {
                run.add(file);
                runBytes += file.bytes();
            }
        }
        if (run.size() > 1) {
            runs.add(run);
        }
        return runs;
    }

    /** Merges a run of one day's files; false when the run changed meanwhile (a drop, another compaction). */
    private boolean merge(String storeId, List<LakeFile> run)
            throws IOException
    {
        LakeFile first = run.get(0);
        LakeFile last = run.get(run.size() - 1);
        Path temporary = work.resolve(UUID.randomUUID() + LakeFile.SUFFIX);
        try {
            String inputs = run.stream().map(file -> sqlString(file.path().toString())).collect(Collectors.joining(", ", "[", "]"));
            try (DuckDBConnection connection = database.duplicate(); Statement statement = connection.createStatement()) {
                // batches follow the journal, so their times rarely overlap: then the files one after the other are sorted
                String order = inOrder(statement, run, inputs) ? "" : " ORDER BY " + LakeTableSchema.quoted(LakeTableSchema.EVENT_TIME);
                statement.execute("COPY (SELECT * FROM read_parquet(" + inputs + ", union_by_name = true)" + order + ") TO " + sqlString(temporary.toString())
                        + PARQUET_OPTIONS);
            }
            catch (SQLException e) {
                throw new IOException("cannot merge " + run.size() + " files of store " + storeId + " day " + first.day() + ": " + e.getMessage(), e);
            }
            sync(temporary);
            crashPoints.mergedFileWritten();
            synchronized (lock) {
                List<LakeFile> live = list(storeId).live();
                Set<Path> livePaths = live.stream().map(LakeFile::path).collect(Collectors.toSet());
                if (!run.stream().allMatch(file -> livePaths.contains(file.path()))) {
                    return false;
                }
                Path directory = dayDirectory(storeId, first.day());
                Path target = directory.resolve(LakeFile.fileName(first.firstBatch(), last.lastBatch()));
                try {
                    OwnerOnly.restrict(temporary);
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                }
                catch (FileAlreadyExistsException e) {
                    return false;
                }
                sync(directory);
                crashPoints.mergedFilePublished();
                for (LakeFile input : run) {
                    deleteWhenUnused(input.path());
                }
            }
            return true;
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Whether each file's last {@code eventTime} is no later than the next file's first (from the files' statistics). */
    private static boolean inOrder(Statement statement, List<LakeFile> run, String inputs)
            throws SQLException
    {
        Map<String, Instant[]> ranges = new HashMap<>();
        try (ResultSet results = statement.executeQuery("SELECT file_name, min(TRY_CAST(stats_min_value AS TIMESTAMP)), max(TRY_CAST(stats_max_value AS TIMESTAMP))"
                + " FROM parquet_metadata(" + inputs + ") WHERE path_in_schema = " + sqlString(LakeTableSchema.EVENT_TIME) + " GROUP BY file_name")) {
            while (results.next()) {
                LocalDateTime first = results.getObject(2, LocalDateTime.class);
                LocalDateTime last = results.getObject(3, LocalDateTime.class);
                if (first == null || last == null) {
                    return false;
                }
                ranges.put(results.getString(1), new Instant[] {first.toInstant(ZoneOffset.UTC), last.toInstant(ZoneOffset.UTC)});
            }
        }
        Instant previous = Instant.MIN;
        for (LakeFile file : run) {
            Instant[] range = ranges.get(file.path().toString());
            if (range == null || range[0].isBefore(previous)) {
                return false;
            }
            previous = range[1];
        }
        return true;
    }

    /** At start: no snapshot exists, so every covered file can go. */
    private void recover()
            throws IOException
    {
        try (Stream<Path> stores = Files.list(root)) {
            for (Path store : stores.filter(Files::isDirectory).toList()) {
                String storeId = store.getFileName().toString();
                if (!STORE_ID.matcher(storeId).matches()) {
                    continue;
                }
                synchronized (lock) {
                    for (LakeFile covered : list(storeId).covered()) {
                        deleteWhenUnused(covered.path());
                    }
                }
            }
        }
    }

    /** The store's files, live and covered; pending deletions are neither. Call holding {@link #lock}. */
    private Listing list(String storeId)
            throws IOException
    {
        List<LakeFile> live = new ArrayList<>();
        List<LakeFile> covered = new ArrayList<>();
        for (Map.Entry<LocalDate, Path> day : days(storeId).entrySet()) {
            List<LakeFile> files = new ArrayList<>();
            for (Path path : parquetFiles(day.getValue())) {
                if (pendingDeletions.contains(path)) {
                    continue;
                }
                long bytes;
                try {
                    bytes = Files.size(path);
                }
                catch (NoSuchFileException e) {
                    continue;
                }
                LakeFile.parse(storeId, day.getKey(), path, bytes).ifPresent(files::add);
            }
            // a file is covered when one before it (first batch no later, last batch no earlier) reaches at least as far
            files.sort(Comparator.comparing(LakeFile::firstBatch).thenComparing(LakeFile::lastBatch, Comparator.reverseOrder()));
            String reach = null;
            for (LakeFile file : files) {
                if (reach != null && reach.compareTo(file.lastBatch()) >= 0) {
                    covered.add(file);
                }
                else {
                    live.add(file);
                    reach = file.lastBatch();
                }
            }
        }
        return new Listing(live, covered);
    }

    /** The store's day directories, by day. */
    private Map<LocalDate, Path> days(String storeId)
            throws IOException
    {
        Map<LocalDate, Path> days = new TreeMap<>();
        Path store = root.resolve(storeId);
        if (!Files.isDirectory(store)) {
            return days;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(store, DAY_PREFIX + "*")) {
            for (Path entry : entries) {
                try {
                    days.put(LocalDate.parse(entry.getFileName().toString().substring(DAY_PREFIX.length()), DateTimeFormatter.ISO_LOCAL_DATE), entry);
                }
                catch (DateTimeException e) {
                    // not a partition of ours
                }
            }
        }
        return days;
    }

    private static List<Path> parquetFiles(Path directory)
            throws IOException
    {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + LakeFile.SUFFIX)) {
            for (Path entry : entries) {
                files.add(entry);
            }
        }
        catch (NoSuchFileException e) {
            return List.of();
        }
        return files;
    }

    private Path dayDirectory(String storeId, LocalDate day)
    {
        return root.resolve(storeId).resolve(DAY_PREFIX + day);
    }

    /** The newest batch name of the store's files. Call holding {@link #lock}. */
    private Optional<String> newestBatch(String storeId)
            throws IOException
    {
        Optional<String> newest = newestBatches.get(storeId);
        if (newest == null) {
            newest = list(storeId).live().stream()
                    .map(LakeFile::lastBatch)
                    .max(Comparator.naturalOrder());
            newestBatches.put(storeId, newest);
        }
        return newest;
    }

    private void checkNotOlderThanNewest(String storeId, String batchName)
            throws IOException
    {
        Optional<String> newest = newestBatch(storeId);
        if (newest.isPresent() && batchName.compareTo(newest.get()) < 0) {
            throw new IllegalStateException("Lake store " + storeId + " has batch " + newest.get() + " already: batch " + batchName + " cannot be written again");
        }
    }

    /** Deletes the file now, or once the last snapshot holding it is closed. Call holding {@link #lock}. */
    private void deleteWhenUnused(Path file)
            throws IOException
    {
        if (references.containsKey(file)) {
            pendingDeletions.add(file);
        }
        else {
            delete(file);
        }
    }

    /** Deletes the file, then its day and store directories if that left them empty. Call holding {@link #lock}. */
    private void delete(Path file)
            throws IOException
    {
        Files.deleteIfExists(file);
        Path day = file.getParent();
        deleteIfEmpty(day);
        deleteIfEmpty(day.getParent());
    }

    private void deleteIfEmpty(Path directory)
            throws IOException
    {
        if (directory.equals(root) || !directory.startsWith(root)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                return;
            }
        }
        catch (NoSuchFileException e) {
            return;
        }
        try {
            Files.deleteIfExists(directory);
        }
        catch (DirectoryNotEmptyException e) {
            // filled meanwhile
        }
    }

    private static void sync(Path path)
            throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void deleteRecursively(Path path)
            throws IOException
    {
        if (Files.notExists(path)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(path)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }

    /**
     * The top-level {@code eventTime} of a record that is a JSON object; empty when there is none or it is not an
     * ISO-8601 instant. A byte scan, not a parse (the journal's records are valid JSON, and DuckDB's reader leaves out
     * any that is not): about 1 µs a record where Jackson's streaming parser took about 4.
     */
    static Optional<Instant> eventTime(byte[] record)
    {
        int length = record.length;
        int i = skipWhitespace(record, 0);
        if (i >= length || record[i] != '{') {
            return Optional.empty();
        }
        int depth = 0;
        Optional<Instant> time = Optional.empty();
        for (; i < length; i++) {
            byte b = record[i];
            if (b == '"') {
                int end = stringEnd(record, i + 1);
                if (end < 0) {
                    return Optional.empty();
                }
                if (depth == 1) {
                    int colon = skipWhitespace(record, end + 1);
                    if (colon < length && record[colon] == ':' && isEventTimeKey(record, i + 1, end)) {
                        int value = skipWhitespace(record, colon + 1);
                        if (value >= length || record[value] != '"') {
                            return Optional.empty();
                        }
                        int valueEnd = stringEnd(record, value + 1);
                        if (valueEnd < 0) {
                            return Optional.empty();
                        }
                        time = instant(record, value + 1, valueEnd);
                        if (time.isEmpty()) {
                            return time;
                        }
                        i = valueEnd;
                        continue;
                    }
                }
                i = end;
            }
            else if (b == '{' || b == '[') {
                depth++;
            }
            else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0) {
                    return skipWhitespace(record, i + 1) == length ? time : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static final byte[] EVENT_TIME_KEY = LakeTableSchema.EVENT_TIME.getBytes(StandardCharsets.US_ASCII);

    private static boolean isEventTimeKey(byte[] record, int start, int end)
    {
        return Arrays.equals(record, start, end, EVENT_TIME_KEY, 0, EVENT_TIME_KEY.length);
    }

    /** The index of the quote that ends the string starting at {@code start}; -1 if it does not end. */
    private static int stringEnd(byte[] record, int start)
    {
        for (int i = start; i < record.length; i++) {
            if (record[i] == '\\') {
                i++;
            }
            else if (record[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipWhitespace(byte[] record, int start)
    {
        int i = start;
        while (i < record.length && (record[i] == ' ' || record[i] == '\n' || record[i] == '\r' || record[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** {@code yyyy-MM-ddTHH:mm:ssZ} read digit by digit (CloudTrail's form); any other ISO-8601 instant parsed. */
    private static Optional<Instant> instant(byte[] record, int start, int end)
    {
        if (end - start == 20 && record[start + 4] == '-' && record[start + 7] == '-' && record[start + 10] == 'T' && record[start + 13] == ':'
                && record[start + 16] == ':' && record[start + 19] == 'Z') {
            int year = digits(record, start, 4);
            int month = digits(record, start + 5, 2);
            int day = digits(record, start + 8, 2);
            int hour = digits(record, start + 11, 2);
            int minute = digits(record, start + 14, 2);
            int second = digits(record, start + 17, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
                try {
                    return Optional.of(LocalDate.of(year, month, day).atTime(hour, minute, second).toInstant(ZoneOffset.UTC));
                }
                catch (DateTimeException e) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(DateTimeFormatter.ISO_INSTANT.parse(new String(record, start, end - start, StandardCharsets.UTF_8), Instant::from));
        }
        catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int digits(byte[] record, int start, int count)
    {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = record[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static void checkStoreId(String storeId)
    {
        requireNonNull(storeId, "storeId is null");
        if (!STORE_ID.matcher(storeId).matches()) {
            throw new IllegalArgumentException("invalid event data store id: " + storeId);
        }
    }

    private static void checkBatchName(String batchName)
    {
        requireNonNull(batchName, "batchName is null");
        if (!LakeFile.BATCH_NAME.matcher(batchName).matches()) {
            throw new IllegalArgumentException("invalid batch name: " + batchName);
        }
    }

    /**
     * What {@link #write} did.
     *
     * @param rows the events written
     * @param rejected the records left out: not a JSON object with a readable {@code eventTime}
     * @param days the UTC days written to
     */
    public record WriteResult(long rows, int rejected, Set<LocalDate> days)
    {
        public WriteResult
        {
            days = Set.copyOf(days);
        }
    }

    /** Test hooks: a crash between compaction's steps is simulated by throwing from one. */
    interface CrashPoints
    {
        CrashPoints NONE = new CrashPoints() {};

        /** The merged file is written and synced, not yet in place. */
        default void mergedFileWritten() {}

        /** The merged file is in place; its inputs are not deleted yet. */
        default void mergedFilePublished() {}
    }

    private record TimedRecord(Instant eventTime, byte[] json) {}

    private record Listing(List<LakeFile> live, List<LakeFile> covered) {}
}
