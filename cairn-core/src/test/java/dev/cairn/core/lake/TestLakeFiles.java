package dev.cairn.core.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestLakeFiles
{
    private static final String STORE = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final Instant DAY_ONE = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    private Path root;
    private LakeFiles files;
    private LakeEngine engine;

    @BeforeEach
    public void setUp()
            throws IOException
    {
        files = new LakeFiles(root, LakeConfig.defaults());
        engine = new LakeEngine(files, LakeConfig.defaults());
    }

    @AfterEach
    public void tearDown()
            throws IOException
    {
        engine.close();
        files.close();
    }

    @Test
    public void writesOneFilePerUtcDaySortedByEventTime()
            throws Exception
    {
        // two days, in no order
        List<byte[]> records = new ArrayList<>(new LakeRecords(1).records(300, DAY_ONE.plus(Duration.ofHours(12)), Duration.ofMinutes(4)));
        Collections.shuffle(records, new java.util.Random(7));
        LakeFiles.WriteResult result = files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), records);

        assertThat(result.rows()).isEqualTo(300);
        assertThat(result.rejected()).isZero();
        assertThat(result.days()).containsExactlyInAnyOrder(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"));
        Path first = root.resolve(STORE).resolve("eventDate=2026-12-01").resolve(batch(1) + ".parquet");
        Path second = root.resolve(STORE).resolve("eventDate=2026-12-02").resolve(batch(1) + ".parquet");
        assertThat(first).exists();
        assertThat(second).exists();
        assertThat(files.liveFiles(STORE)).extracting(LakeFile::path).containsExactly(first, second);
        assertThat(files.storedBytes(STORE)).isEqualTo(Files.size(first) + Files.size(second));

        // 12:00 to 23:56 on the first day: 180 events; the rest on the second
        List<String> firstTimes = column(first, "eventTime");
        assertThat(firstTimes).hasSize(180).isSorted();
        assertThat(column(second, "eventTime")).hasSize(120).isSorted();
        // the layout is a hive-partitioned table to any reader
        assertThat(scalar("SELECT count(*) FROM read_parquet('" + root.resolve(STORE) + "/*/*.parquet', hive_partitioning = true) WHERE eventDate = DATE '2026-12-02'"))
                .isEqualTo("120");
        assertThat(scalar("SELECT compression FROM parquet_metadata('" + first + "') LIMIT 1")).isEqualTo("ZSTD");
        assertThat(root.resolve(LakeFiles.WORK_DIRECTORY)).isDirectory();
        try (Stream<Path> work = Files.list(root.resolve(LakeFiles.WORK_DIRECTORY))) {
            assertThat(work.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    public void writingABatchAgainReplacesItsFiles()
            throws Exception
    {
        List<byte[]> records = new LakeRecords(2).records(40, DAY_ONE.plus(Duration.ofHours(23)), Duration.ofMinutes(3));
        // first 10 records, all on the first day; then the batch again with all 40, which reach into the second day
        files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), records.subList(0, 10));
        assertThat(count(STORE)).isEqualTo(10);
        files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), records);
        assertThat(count(STORE)).isEqualTo(40);
        files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), records);
        assertThat(count(STORE)).isEqualTo(40);
        assertThat(files.liveFiles(STORE)).hasSize(2);

        // the same batch again with only the second day's records: the first day's file of the batch goes
        files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), records.subList(20, 40));
        assertThat(files.liveFiles(STORE)).extracting(LakeFile::day).containsExactly(LocalDate.parse("2026-12-02"));
        assertThat(root.resolve(STORE).resolve("eventDate=2026-12-01")).doesNotExist();

        // a later batch, then an earlier one is refused: its rows may be in a merged file
        files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(2), records.subList(0, 1));
        assertThatThrownBy(() -> files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), records))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(batch(2));
        // also after a restart
        files.close();
        files = new LakeFiles(root, LakeConfig.defaults());
        assertThatThrownBy(() -> files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), records))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void leavesOutRecordsWithoutAnEventTime()
            throws Exception
    {
        List<byte[]> records = new ArrayList<>(new LakeRecords(3).records(5, DAY_ONE, Duration.ofSeconds(1)));
        records.add("not json".getBytes(StandardCharsets.UTF_8));
        records.add("{\"eventName\":\"NoTime\"}".getBytes(StandardCharsets.UTF_8));
        records.add("{\"eventTime\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8));
        records.add("{\"eventTime\":\"2026-12-01T10:00:00Z\",\"eventName\":".getBytes(StandardCharsets.UTF_8));
        records.add("[1,2]".getBytes(StandardCharsets.UTF_8));
        // a pretty-printed record is one record
        records.add("{\n  \"eventTime\": \"2026-12-01T11:00:00Z\",\r\n  \"eventName\": \"Pretty\"\n}".getBytes(StandardCharsets.UTF_8));

        LakeFiles.WriteResult result = files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), records);

        assertThat(result.rows()).isEqualTo(6);
        assertThat(result.rejected()).isEqualTo(5);
        assertThat(query("SELECT eventName FROM " + LakeEngine.viewName(STORE) + " WHERE eventName = 'Pretty'")).containsExactly(List.of("Pretty"));
    }

    @Test
    public void findsTheTopLevelEventTime()
    {
        assertThat(eventTime("{\"eventTime\":\"2026-12-01T10:00:00Z\"}")).contains(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(eventTime(" { \"a\" : {\"eventTime\":\"2020-01-01T00:00:00Z\"}, \"b\":\"x\\\"\\\\\", \"eventTime\" : \"2026-12-01T10:00:00.5Z\" } "))
                .contains(Instant.parse("2026-12-01T10:00:00.500Z"));
        assertThat(eventTime("{\"eventData\":{\"eventTime\":\"2020-01-01T00:00:00Z\"},\"eventTime\":\"2026-12-01T23:30:00-02:00\"}"))
                .contains(Instant.parse("2026-12-02T01:30:00Z"));
        // a member named so below the top level, a value that is no instant, not an object, not ended
        assertThat(eventTime("{\"eventData\":{\"eventTime\":\"2020-01-01T00:00:00Z\"}}")).isEmpty();
        assertThat(eventTime("{\"eventTime\":\"2026-13-01T00:00:00Z\"}")).isEmpty();
        assertThat(eventTime("{\"eventTime\":12}")).isEmpty();
        assertThat(eventTime("[{\"eventTime\":\"2026-12-01T10:00:00Z\"}]")).isEmpty();
        assertThat(eventTime("{\"eventTime\":\"2026-12-01T10:00:00Z\"")).isEmpty();
        assertThat(eventTime("{\"eventTime\":\"2026-12-01T10:00:00Z\"} x")).isEmpty();
    }

    private static java.util.Optional<Instant> eventTime(String record)
    {
        return LakeFiles.eventTime(record.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void storesEventTimeInUtcAndMapsMembersAsText()
            throws Exception
    {
        ObjectNode record = new LakeRecords(4).record(DAY_ONE);
        record.put("eventTime", "2026-12-01T23:30:00.250-02:00");
        ObjectNode parameters = record.putObject("requestParameters");
        parameters.put("text", "plain");
        parameters.put("number", 12);
        parameters.put("flag", true);
        parameters.putObject("nested").put("a", 1);
        parameters.putArray("list").add("x");
        parameters.putNull("none");
        record.put("responseElements", "not an object");
        record.putObject("serviceEventDetails").put("detail", "d");
        record.putObject("addendum").put("reason", "DELIVERY_DELAY");
        record.put("readOnly", "not a boolean");

        files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), List.of(LakeRecords.bytes(record)));

        assertThat(files.liveFiles(STORE)).extracting(LakeFile::day).containsExactly(LocalDate.parse("2026-12-02"));
        String view = LakeEngine.viewName(STORE);
        assertThat(query("SELECT eventTime, requestParameters['text'], requestParameters['number'], requestParameters['flag'], requestParameters['nested'], "
                + "requestParameters['list'], requestParameters['none'], responseElements, serviceEventDetails['detail'], addendum['reason'], readOnly FROM " + view))
                .containsExactly(java.util.Arrays.asList("2026-12-02 01:30:00.250", "plain", "12", "true", "{\"a\":1}", "[\"x\"]", null, null, "d", "DELIVERY_DELAY", null));
    }

    @Test
    public void compactionMergesSmallFilesAndKeepsEveryRowOnce()
            throws Exception
    {
        LakeRecords generator = new LakeRecords(5);
        List<byte[]> all = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            // batches overlap in time, as late events make them
            List<byte[]> records = generator.records(50, DAY_ONE.plus(Duration.ofHours(i)), Duration.ofSeconds(97));
            files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(i), records);
            all.addAll(records);
        }
        List<String> before = eventIds();
        assertThat(before).hasSize(300);
        assertThat(files.liveFiles(STORE)).hasSize(6);

        assertThat(files.compact(STORE)).isEqualTo(5);

        // batches 1-5 merged; the newest batch alone, as it may be written again
        assertThat(files.liveFiles(STORE)).extracting(file -> file.path().getFileName().toString())
                .containsExactly(batch(1) + "-" + batch(5) + ".parquet", batch(6) + ".parquet");
        assertThat(eventIds()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(column(files.liveFiles(STORE).get(0).path(), "eventTime")).hasSize(250).isSorted();
        try (Stream<Path> day = Files.list(root.resolve(STORE).resolve("eventDate=2026-12-01"))) {
            assertThat(day).hasSize(2);
        }

        // nothing more to merge until another batch comes
        assertThat(files.compact(STORE)).isZero();
        files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(7), generator.records(10, DAY_ONE.plus(Duration.ofHours(9)), Duration.ofSeconds(1)));
        assertThat(files.compact(STORE)).isEqualTo(2);
        assertThat(files.liveFiles(STORE)).extracting(file -> file.path().getFileName().toString())
                .containsExactly(batch(1) + "-" + batch(6) + ".parquet", batch(7) + ".parquet");
        assertThat(count(STORE)).isEqualTo(310);
    }

    @Test
    public void compactionLeavesLargeFilesAlone()
            throws Exception
    {
        LakeRecords generator = new LakeRecords(6);
        for (int i = 1; i <= 5; i++) {
            files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(i), generator.records(i == 3 ? 400 : 20, DAY_ONE.plus(Duration.ofHours(i)), Duration.ofSeconds(1)));
        }
        long large = files.liveFiles(STORE).get(2).bytes();
        files.close();
        files = new LakeFiles(root, LakeConfig.defaults().withTargetFileBytes(large));

        assertThat(files.compact(STORE)).isEqualTo(2);

        // 1 and 2 merged; 3 is large; 4 stands alone before the newest batch, 5
        assertThat(files.liveFiles(STORE)).extracting(file -> file.path().getFileName().toString())
                .containsExactly(batch(1) + "-" + batch(2) + ".parquet", batch(3) + ".parquet", batch(4) + ".parquet", batch(5) + ".parquet");
        assertThat(count(STORE)).isEqualTo(480);
        // batches in time order are merged without a sort, and stay sorted
        assertThat(column(files.liveFiles(STORE).get(0).path(), "eventTime")).hasSize(40).isSorted();
    }

    @Test
    public void aCrashBeforeTheMergedFileIsInPlaceChangesNothing()
            throws Exception
    {
        writeBatches(4);
        List<String> before = eventIds();
        List<LakeFile> liveBefore = files.liveFiles(STORE);
        files.close();
        files = new LakeFiles(root, LakeConfig.defaults(), new LakeFiles.CrashPoints()
        {
            @Override
            public void mergedFileWritten()
            {
                throw new SimulatedCrash();
            }
        });

        assertThatThrownBy(() -> files.compact(STORE)).isInstanceOf(SimulatedCrash.class);

        assertThat(files.liveFiles(STORE)).isEqualTo(liveBefore);
        assertThat(eventIds()).containsExactlyInAnyOrderElementsOf(before);
        restart();
        assertThat(files.liveFiles(STORE)).isEqualTo(liveBefore);
        assertThat(eventIds()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(files.compact(STORE)).isEqualTo(3);
        assertThat(eventIds()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    public void aCrashAfterTheMergedFileIsInPlaceShowsEveryRowOnce()
            throws Exception
    {
        writeBatches(4);
        List<String> before = eventIds();
        files.close();
        files = new LakeFiles(root, LakeConfig.defaults(), new LakeFiles.CrashPoints()
        {
            @Override
            public void mergedFilePublished()
            {
                throw new SimulatedCrash();
            }
        });

        assertThatThrownBy(() -> files.compact(STORE)).isInstanceOf(SimulatedCrash.class);

        // the inputs are still there, but covered: never read
        Path day = root.resolve(STORE).resolve("eventDate=2026-12-01");
        try (Stream<Path> entries = Files.list(day)) {
            assertThat(entries).hasSize(5);
        }
        assertThat(files.liveFiles(STORE)).hasSize(2);
        assertThat(eventIds()).containsExactlyInAnyOrderElementsOf(before);

        // the restart deletes them
        restart();
        try (Stream<Path> entries = Files.list(day)) {
            assertThat(entries).hasSize(2);
        }
        assertThat(eventIds()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    public void aSnapshotKeepsItsFilesUntilClosed()
            throws Exception
    {
        writeBatches(3);
        List<LakeFile> held;
        try (LakeSnapshot snapshot = files.snapshot(List.of(STORE))) {
            held = snapshot.files(STORE);
            assertThat(held).hasSize(3);

            assertThat(files.compact(STORE)).isEqualTo(2);

            // compacted: a new listing has the merged file, the snapshot's inputs are still on disk
            assertThat(files.liveFiles(STORE)).hasSize(2);
            assertThat(held).allSatisfy(file -> assertThat(file.path()).exists());
        }
        assertThat(held.get(0).path()).doesNotExist();
        assertThat(held.get(1).path()).doesNotExist();
        assertThat(held.get(2).path()).exists();
        assertThat(count(STORE)).isEqualTo(60);
    }

    @Test
    public void dropsWholeDaysAndDeletesStores()
            throws Exception
    {
        LakeRecords generator = new LakeRecords(8);
        files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), generator.records(30, DAY_ONE, Duration.ofHours(2)));
        String other = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        files.write(other, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), generator.records(5, DAY_ONE, Duration.ofHours(1)));
        assertThat(files.liveFiles(STORE)).extracting(LakeFile::day)
                .containsExactly(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"), LocalDate.parse("2026-12-03"));

        try (LakeSnapshot snapshot = files.snapshot(List.of(STORE))) {
            assertThat(files.dropDaysBefore(STORE, LocalDate.parse("2026-12-03"))).isEqualTo(2);
            // gone from listings at once, from the disk once the snapshot is closed
            assertThat(files.liveFiles(STORE)).extracting(LakeFile::day).containsExactly(LocalDate.parse("2026-12-03"));
            assertThat(snapshot.files(STORE).get(0).path()).exists();
        }
        assertThat(root.resolve(STORE).resolve("eventDate=2026-12-01")).doesNotExist();
        assertThat(count(STORE)).isEqualTo(6);

        files.deleteStore(STORE);
        assertThat(files.liveFiles(STORE)).isEmpty();
        assertThat(files.storedBytes(STORE)).isZero();
        assertThat(root.resolve(STORE)).doesNotExist();
        assertThat(count(STORE)).isZero();
        assertThat(count(other)).isEqualTo(5);
    }

    @Test
    public void refusesStoreIdsAndBatchNamesThatAreNotNames()
    {
        assertThatThrownBy(() -> files.write("../etc", LakeTableSchema.CLOUDTRAIL_EVENTS, batch(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, "1-2", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.liveFiles(".work"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void writeBatches(int count)
            throws IOException
    {
        LakeRecords generator = new LakeRecords(9);
        for (int i = 1; i <= count; i++) {
            files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, batch(i), generator.records(20, DAY_ONE.plus(Duration.ofHours(i)), Duration.ofSeconds(30)));
        }
    }

    private void restart()
            throws IOException
    {
        engine.close();
        files.close();
        files = new LakeFiles(root, LakeConfig.defaults());
        engine = new LakeEngine(files, LakeConfig.defaults());
    }

    private static String batch(int position)
    {
        return String.format("%020d", position);
    }

    private long count(String store)
            throws Exception
    {
        return Long.parseLong(query("SELECT count(*) FROM " + LakeEngine.viewName(store), store).get(0).get(0));
    }

    private List<String> eventIds()
            throws Exception
    {
        return query("SELECT eventID FROM " + LakeEngine.viewName(STORE)).stream().map(row -> row.get(0)).toList();
    }

    private List<List<String>> query(String sql)
            throws Exception
    {
        return query(sql, STORE);
    }

    private List<List<String>> query(String sql, String store)
            throws Exception
    {
        CollectingSink sink = new CollectingSink();
        engine.execute(sql, Map.of(store, LakeTableSchema.CLOUDTRAIL_EVENTS), sink, new LakeCancellation(), Duration.ofMinutes(1));
        return sink.rows();
    }

    /** A column of one file, in file order, read by a DuckDB of the test's own. */
    private static List<String> column(Path file, String column)
            throws SQLException
    {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet results = statement.executeQuery("SELECT CAST(" + column + " AS VARCHAR) FROM read_parquet('" + file + "')")) {
            while (results.next()) {
                values.add(results.getString(1));
            }
        }
        return values;
    }

    private static String scalar(String sql)
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet results = statement.executeQuery(sql)) {
            results.next();
            return results.getString(1);
        }
    }

    private static final class SimulatedCrash
            extends RuntimeException
    {
    }

}
