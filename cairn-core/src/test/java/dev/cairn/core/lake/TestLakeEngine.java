package dev.cairn.core.lake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestLakeEngine
{
    private static final String STORE = "6b1c7a0e-2f4d-4c3b-9a8e-1d2c3b4a5f60";
    private static final String AUDIT_STORE = "0a0b0c0d-1111-2222-3333-444455556666";
    private static final String EMPTY_STORE = "ffffffff-0000-0000-0000-000000000000";
    private static final String VIEW = LakeEngine.viewName(STORE);
    private static final Instant START = Instant.parse("2026-11-28T06:00:00Z");
    private static final int EVENTS = 3_000;

    @TempDir
    private static Path root;
    private static LakeFiles files;
    private static LakeEngine engine;
    private static List<JsonNode> records;

    @BeforeAll
    public static void setUp()
            throws Exception
    {
        files = new LakeFiles(root, LakeConfig.defaults());
        engine = new LakeEngine(files, LakeConfig.defaults());
        // 3,000 events over about 4 days, in batches of 250
        List<byte[]> all = new LakeRecords(11).records(EVENTS, START, Duration.ofSeconds(113));
        for (int batch = 0; batch * 250 < EVENTS; batch++) {
            files.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, String.format("%020d", batch * 250L), all.subList(batch * 250, (batch + 1) * 250));
        }
        records = all.stream().map(LakeRecords::parse).toList();
        LakeRecords generator = new LakeRecords(12);
        List<byte[]> audit = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            audit.add(LakeRecords.bytes(generator.auditEvent(START.plusSeconds(i), i)));
        }
        files.write(AUDIT_STORE, LakeTableSchema.ACTIVITY_AUDIT_LOG, "00000000000000000001", audit);
    }

    @AfterAll
    public static void tearDown()
            throws Exception
    {
        engine.close();
        files.close();
    }

    @Test
    public void groupsAndCounts()
            throws Exception
    {
        CollectingSink sink = run("SELECT eventName, count(*) AS calls FROM " + VIEW + " GROUP BY eventName ORDER BY eventName");

        Map<String, Long> expected = records.stream().collect(Collectors.groupingBy(record -> record.get("eventName").asText(), TreeMap::new, Collectors.counting()));
        assertThat(sink.columns()).containsExactly("eventName", "calls");
        assertThat(sink.rows()).isEqualTo(expected.entrySet().stream().map(entry -> List.of(entry.getKey(), entry.getValue().toString())).toList());
    }

    @Test
    public void filtersOnEventTimeAndPrintsTimestampsAsLakeDoes()
            throws Exception
    {
        Instant from = Instant.parse("2026-11-29T10:00:00Z");
        Instant to = Instant.parse("2026-11-29T12:00:00Z");
        CollectingSink sink = run("SELECT eventTime, eventID, readOnly, errorCode FROM " + VIEW
                + " WHERE eventTime >= TIMESTAMP '2026-11-29 10:00:00' AND eventTime < TIMESTAMP '2026-11-29 12:00:00' ORDER BY eventTime");

        List<JsonNode> expected = records.stream()
                .filter(record -> !Instant.parse(record.get("eventTime").asText()).isBefore(from) && Instant.parse(record.get("eventTime").asText()).isBefore(to))
                .toList();
        assertThat(sink.rows()).hasSize(expected.size()).isNotEmpty();
        for (int i = 0; i < expected.size(); i++) {
            JsonNode record = expected.get(i);
            String time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").format(LocalDateTime.ofInstant(Instant.parse(record.get("eventTime").asText()), ZoneOffset.UTC));
            assertThat(sink.rows().get(i)).isEqualTo(Arrays.asList(time, record.get("eventID").asText(), record.get("readOnly").asText(),
                    record.has("errorCode") ? record.get("errorCode").asText() : null));
        }
    }

    @Test
    public void readsMapsStructsAndLists()
            throws Exception
    {
        CollectingSink buckets = run("SELECT requestParameters['bucketName'] AS bucket, count(*) FROM " + VIEW
                + " WHERE eventSource = 's3.amazonaws.com' GROUP BY 1 ORDER BY 1");
        Map<String, Long> expected = records.stream()
                .filter(record -> record.get("eventSource").asText().equals("s3.amazonaws.com"))
                .collect(Collectors.groupingBy(record -> record.get("requestParameters").get("bucketName").asText(), TreeMap::new, Collectors.counting()));
        assertThat(buckets.rows()).isEqualTo(expected.entrySet().stream().map(entry -> List.of(entry.getKey(), entry.getValue().toString())).toList());

        CollectingSink resources = run("SELECT r.type, count(*) FROM " + VIEW + ", UNNEST(resources) AS t(r) GROUP BY 1 ORDER BY 1");
        long objects = records.stream().filter(record -> record.has("resources")).count();
        assertThat(resources.rows()).containsExactly(List.of("AWS::S3::Bucket", Long.toString(objects)), List.of("AWS::S3::Object", Long.toString(objects)));

        CollectingSink arns = run("SELECT resources[1].arn, userIdentity.sessionContext.sessionIssuer.userName, userIdentity.sessionContext.attributes.creationDate, "
                + "tlsDetails.tlsVersion, additionalEventData['SignatureVersion'] FROM " + VIEW
                + " WHERE eventID = '" + firstWith(record -> record.has("resources") && record.get("userIdentity").has("sessionContext")).get("eventID").asText() + "'");
        JsonNode record = firstWith(candidate -> candidate.has("resources") && candidate.get("userIdentity").has("sessionContext"));
        String creation = record.get("userIdentity").get("sessionContext").get("attributes").get("creationDate").asText();
        assertThat(arns.rows()).containsExactly(List.of(
                record.get("resources").get(0).get("ARN").asText(),
                record.get("userIdentity").get("sessionContext").get("sessionIssuer").get("userName").asText(),
                creation.replace('T', ' ').replace("Z", ".000"),
                "TLSv1.3",
                "SigV4"));

        // null stays null; structs and maps as the driver prints them
        CollectingSink shapes = run("SELECT errorMessage, tlsDetails, additionalEventData FROM " + VIEW + " WHERE eventID = '" + record.get("eventID").asText() + "'");
        assertThat(shapes.rows().get(0).get(0)).isEqualTo(record.has("errorMessage") ? record.get("errorMessage").asText() : null);
        assertThat(shapes.rows().get(0).get(1)).contains("TLSv1.3").contains("TLS_AES_128_GCM_SHA256");
        assertThat(shapes.rows().get(0).get(2)).contains("SignatureVersion").contains("SigV4");
    }

    @Test
    public void hasAwsColumns()
            throws Exception
    {
        CollectingSink sink = run("SELECT * FROM " + VIEW + " LIMIT 1");
        assertThat(sink.columns()).isEqualTo(LakeTableSchema.CLOUDTRAIL_EVENTS.columns().stream().map(LakeTableSchema.Column::name).toList());
        CollectingSink types = run("SELECT column_name, column_type FROM (DESCRIBE " + VIEW + ")");
        // DuckDB quotes the member name type
        assertThat(types.rows().stream().map(row -> List.of(row.get(0), row.get(1).replace("\"type\"", "type"))).toList()).isEqualTo(LakeTableSchema.CLOUDTRAIL_EVENTS.columns().stream().map(column -> List.of(column.name(), column.type())).toList());
    }

    @Test
    public void anEmptyStoreIsAnEmptyTableOfItsColumns()
            throws Exception
    {
        CollectingSink sink = run("SELECT * FROM " + LakeEngine.viewName(EMPTY_STORE), Map.of(EMPTY_STORE, LakeTableSchema.CLOUDTRAIL_EVENTS));
        assertThat(sink.columns()).isEqualTo(LakeTableSchema.CLOUDTRAIL_EVENTS.columns().stream().map(LakeTableSchema.Column::name).toList());
        assertThat(sink.rows()).isEmpty();
        CollectingSink count = run("SELECT count(*), max(eventTime) FROM " + LakeEngine.viewName(EMPTY_STORE) + " WHERE eventData.requestParameters['x'] = 'y'",
                Map.of(EMPTY_STORE, LakeTableSchema.ACTIVITY_AUDIT_LOG));
        assertThat(count.rows()).containsExactly(Arrays.asList("0", null));
    }

    @Test
    public void readsEventsFromOutsideAws()
            throws Exception
    {
        String view = LakeEngine.viewName(AUDIT_STORE);
        CollectingSink sink = run("SELECT eventData.eventName, count(*), min(eventData.userIdentity.details['level']), max(metadata.channelARN), min(eventTime) FROM " + view
                + " WHERE eventCategory = 'ActivityAuditLog' GROUP BY 1 ORDER BY 1", Map.of(AUDIT_STORE, LakeTableSchema.ACTIVITY_AUDIT_LOG));
        assertThat(sink.rows()).containsExactly(
                List.of("Login", "5", "0", "arn:aws:cloudtrail:us-east-1:111122223333:channel/01234567-0123-0123-0123-012345678901", "2026-11-28 06:00:00.000"),
                List.of("Logout", "5", "0", "arn:aws:cloudtrail:us-east-1:111122223333:channel/01234567-0123-0123-0123-012345678901", "2026-11-28 06:00:01.000"));
        CollectingSink all = run("SELECT * FROM " + view + " WHERE eventData.UID = 'uid-3'", Map.of(AUDIT_STORE, LakeTableSchema.ACTIVITY_AUDIT_LOG));
        assertThat(all.columns()).containsExactly("eventVersion", "eventCategory", "eventType", "eventID", "eventTime", "awsRegion", "recipientAccountId", "addendum", "metadata", "eventData");
        assertThat(all.rows()).hasSize(1);
        assertThat(all.rows().get(0).get(7)).isNull();

        // both stores in one query
        CollectingSink both = run("SELECT (SELECT count(*) FROM " + VIEW + ") + (SELECT count(*) FROM " + view + ")",
                Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, AUDIT_STORE, LakeTableSchema.ACTIVITY_AUDIT_LOG));
        assertThat(both.rows()).containsExactly(List.of(Integer.toString(EVENTS + 10)));
    }

    @Test
    public void countsWhatAQueryScannedAndMatched()
            throws Exception
    {
        LakeQueryStatistics all = engine.execute("SELECT count(*) FROM " + VIEW, Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS), new CollectingSink(),
                new LakeCancellation(), Duration.ofMinutes(1));
        assertThat(all.eventsScanned()).isEqualTo(EVENTS);
        assertThat(all.eventsMatched()).isEqualTo(EVENTS);

        long writes = records.stream().filter(record -> record.get("eventName").asText().equals("PutObject")).count();
        LakeQueryStatistics filtered = engine.execute("SELECT eventID, userIdentity.arn FROM " + VIEW + " WHERE eventName = 'PutObject'",
                Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS), new CollectingSink(), new LakeCancellation(), Duration.ofMinutes(1));
        assertThat(filtered.eventsScanned()).isEqualTo(EVENTS);
        assertThat(filtered.eventsMatched()).isEqualTo(writes);
        assertThat(filtered.bytesScanned()).isPositive();
        assertThat(filtered.executionTimeMillis()).isNotNegative();

        // a filter DuckDB cannot push into the scan counts as well
        long buckets = records.stream().filter(record -> record.path("requestParameters").path("bucketName").asText().equals("bucket-1")).count();
        LakeQueryStatistics mapped = engine.execute("SELECT eventID FROM " + VIEW + " WHERE requestParameters['bucketName'] = 'bucket-1'",
                Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS), new CollectingSink(), new LakeCancellation(), Duration.ofMinutes(1));
        assertThat(mapped.eventsMatched()).isEqualTo(buckets);

        // files of days outside the range are skipped: their rows are not scanned
        LakeQueryStatistics oneDay = engine.execute("SELECT count(*) FROM " + VIEW + " WHERE eventTime >= TIMESTAMP '2026-11-30 00:00:00' AND eventTime < TIMESTAMP '2026-12-01 00:00:00'",
                Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS), new CollectingSink(), new LakeCancellation(), Duration.ofMinutes(1));
        long dayEvents = records.stream().filter(record -> record.get("eventTime").asText().startsWith("2026-11-30")).count();
        assertThat(oneDay.eventsMatched()).isEqualTo(dayEvents);
        assertThat(oneDay.eventsScanned()).isLessThan(EVENTS / 2);
        assertThat(oneDay.bytesScanned()).isLessThan(all.bytesScanned() + filtered.bytesScanned());
    }

    @Test
    public void userSqlReadsNothingButTheStoresFiles()
    {
        String dataFile = files.storeDirectory(STORE).toString();
        for (String sql : List.of(
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM read_text('/etc/hostname')",
                "SELECT * FROM read_blob('/etc/hostname')",
                "SELECT * FROM read_json_objects('/etc/passwd')",
                "SELECT * FROM glob('/etc/*')",
                "SELECT * FROM read_parquet('" + dataFile + "/*/*.parquet')",
                "SELECT * FROM read_text('" + root.resolve(LakeFiles.WORK_DIRECTORY) + "/x')",
                "COPY (SELECT 1) TO '" + root.resolve("copied.csv") + "'",
                "COPY (SELECT * FROM " + VIEW + ") TO '" + root.resolve("copied.parquet") + "' (FORMAT parquet)",
                "EXPORT DATABASE '" + root.resolve("exported") + "'",
                "ATTACH '" + root.resolve("attached.db") + "' AS attached",
                "INSTALL httpfs",
                "LOAD httpfs",
                "LOAD '" + root.resolve("x.duckdb_extension") + "'",
                "SET enable_external_access = true",
                "SET allowed_directories = ['/']",
                "SET memory_limit = '100GB'",
                "SET threads = 64",
                "RESET lock_configuration",
                "SET temp_directory = '" + root + "'",
                "PRAGMA disable_profiling")) {
            assertThatThrownBy(() -> run(sql))
                    .as(sql)
                    .isInstanceOfSatisfying(LakeQueryException.class, e -> assertThat(e.reason()).isEqualTo(LakeQueryException.Reason.FAILED));
        }
        assertThat(root.resolve("copied.csv")).doesNotExist();
        assertThat(root.resolve("copied.parquet")).doesNotExist();
        assertThat(root.resolve("exported")).doesNotExist();
        assertThat(root.resolve("attached.db")).doesNotExist();
    }

    @Test
    public void reportsSqlErrors()
    {
        assertThatThrownBy(() -> run("SELECT nosuchcolumn FROM " + VIEW))
                .isInstanceOfSatisfying(LakeQueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LakeQueryException.Reason.FAILED);
                    assertThat(e.getMessage()).contains("nosuchcolumn");
                });
        assertThatThrownBy(() -> run("SELECT * FROM eds_not_given"))
                .isInstanceOfSatisfying(LakeQueryException.class, e -> assertThat(e.reason()).isEqualTo(LakeQueryException.Reason.FAILED));
        assertThatThrownBy(() -> run("CREATE TABLE t AS SELECT 1"))
                .isInstanceOfSatisfying(LakeQueryException.class, e -> assertThat(e.getMessage()).contains("Only SELECT"));
    }

    @Test
    public void cancelsARunningQuery()
            throws Exception
    {
        LakeCancellation cancellation = new LakeCancellation();
        CompletableFuture<Object> query = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.execute("SELECT count(*) FROM range(1000000000000) a, " + VIEW, Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS), new CollectingSink(), cancellation,
                        Duration.ofMinutes(5));
            }
            catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(500);
        long cancelled = System.nanoTime();
        cancellation.cancel();
        Object outcome = query.get(30, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOfSatisfying(LakeQueryException.class, e -> assertThat(e.reason()).isEqualTo(LakeQueryException.Reason.CANCELLED));
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(10));

        // cancelled before it starts
        assertThatThrownBy(() -> engine.execute("SELECT 1", Map.of(), new CollectingSink(), cancellation, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(LakeQueryException.class, e -> assertThat(e.reason()).isEqualTo(LakeQueryException.Reason.CANCELLED));
    }

    @Test
    public void stopsAQueryAtItsTimeout()
    {
        long started = System.nanoTime();
        assertThatThrownBy(() -> engine.execute("SELECT count(*) FROM range(1000000000000) a, " + VIEW, Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS), new CollectingSink(),
                new LakeCancellation(), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(LakeQueryException.class, e -> assertThat(e.reason()).isEqualTo(LakeQueryException.Reason.TIMED_OUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    public void aQueryKeepsReadingFilesCompactedMeanwhile()
            throws Exception
    {
        Path other = Files.createDirectories(root.resolve("other"));
        try (LakeFiles otherFiles = new LakeFiles(other, LakeConfig.defaults()); LakeEngine otherEngine = new LakeEngine(otherFiles, LakeConfig.defaults())) {
            List<byte[]> all = new LakeRecords(13).records(400, START, Duration.ofSeconds(10));
            for (int batch = 0; batch < 4; batch++) {
                otherFiles.write(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS, String.format("%020d", batch), all.subList(batch * 100, (batch + 1) * 100));
            }
            // the sink compacts (and so deletes inputs) while the query delivers its rows
            List<String> seen = new ArrayList<>();
            LakeResultSink compactingSink = new LakeResultSink()
            {
                @Override
                public void columns(List<String> names) {}

                @Override
                public void row(List<String> values)
                {
                    if (seen.isEmpty()) {
                        try {
                            assertThat(otherFiles.compact(STORE)).isEqualTo(3);
                        }
                        catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    seen.add(values.get(0));
                }
            };
            otherEngine.execute("SELECT eventID FROM " + VIEW, Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS), compactingSink, new LakeCancellation(), Duration.ofMinutes(1));
            assertThat(seen).hasSize(400).doesNotHaveDuplicates();
            assertThat(otherFiles.liveFiles(STORE)).hasSize(2);
        }
    }

    private static JsonNode firstWith(java.util.function.Predicate<JsonNode> predicate)
    {
        return records.stream().filter(predicate).findFirst().orElseThrow();
    }

    private static CollectingSink run(String sql)
            throws Exception
    {
        return run(sql, Map.of(STORE, LakeTableSchema.CLOUDTRAIL_EVENTS));
    }

    private static CollectingSink run(String sql, Map<String, LakeTableSchema> stores)
            throws Exception
    {
        CollectingSink sink = new CollectingSink();
        engine.execute(sql, stores, sink, new LakeCancellation(), Duration.ofMinutes(1));
        return sink;
    }
}
