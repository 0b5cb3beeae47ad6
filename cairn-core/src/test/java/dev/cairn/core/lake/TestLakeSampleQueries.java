package dev.cairn.core.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * AWS's published Lake sample queries ({@code lake-sample-queries.txt}), each translated and run on
 * {@link TestingLakeTables#standard()}, or refused, as the file says.
 */
public class TestLakeSampleQueries
{
    /** The placeholders the samples ask to replace, and what replaces them here. */
    private static final Map<String, String> PLACEHOLDERS = Map.ofEntries(
            Map.entry("<$EDS_ID>", TestingLakeTables.STORE),
            Map.entry("$EDS_ID", TestingLakeTables.STORE),
            Map.entry("<EDS ID>", TestingLakeTables.STORE),
            Map.entry("<EDS_ID>", TestingLakeTables.STORE),
            Map.entry("<event_data_store_id>", TestingLakeTables.STORE),
            Map.entry("<Event data store Id>", TestingLakeTables.STORE),
            Map.entry("<EVENT_DATA_STORE_ID>", TestingLakeTables.STORE),
            Map.entry("<event-data-store-ID>", TestingLakeTables.STORE),
            Map.entry("config_event_data_store_ID", TestingLakeTables.STORE),
            Map.entry("eds-ID", TestingLakeTables.STORE),
            Map.entry("${date_filter}", "2023-01-03 00:00:00"),
            Map.entry("$EVENT_ID", "'e03'"));

    private static TestingLakeTables tables;

    record Sample(String name, String source, String expect, String sql) {}

    @BeforeAll
    public static void createTables()
            throws SQLException
    {
        tables = TestingLakeTables.standard();
    }

    @AfterAll
    public static void closeTables()
            throws SQLException
    {
        tables.close();
    }

    @Test
    public void theFileHoldsTheSamples()
            throws IOException
    {
        List<Sample> samples = samples();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(70);
        assertThat(samples).allSatisfy(sample -> assertThat(sample.source()).startsWith("https://"));
        assertThat(samples.stream().filter(sample -> sample.expect().startsWith("rows")).count()).isGreaterThanOrEqualTo(50);
    }

    @TestFactory
    public Stream<DynamicTest> eachSample()
            throws IOException
    {
        return samples().stream().map(sample -> DynamicTest.dynamicTest(sample.name(), () -> check(sample)));
    }

    private static void check(Sample sample)
            throws SQLException
    {
        String sql = sample.sql();
        for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length())).toList()) {
            sql = sql.replace(placeholder.getKey(), placeholder.getValue());
        }
        String query = sql;
        if (sample.expect().startsWith("refused ")) {
            ErrorCode code = ErrorCode.valueOf(sample.expect().substring("refused ".length(), sample.expect().indexOf(':')));
            assertThatThrownBy(() -> LakeSql.translate(query, List.of(), TestingLakeTables::resolve))
                    .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
            return;
        }
        LakeQuery translated = LakeSql.translate(query, List.of(), TestingLakeTables::resolve);
        assertThat(translated.storeIds()).containsExactly(TestingLakeTables.STORE);
        if (sample.expect().startsWith("fails: ")) {
            assertThatThrownBy(() -> tables.query(translated.sql())).isInstanceOf(SQLException.class);
            return;
        }
        int rows = Integer.parseInt(sample.expect().substring("rows ".length()));
        assertThat(tables.query(translated.sql())).as(translated.sql()).hasSize(rows);
    }

    static List<Sample> samples()
            throws IOException
    {
        String text;
        try (InputStream in = requireNonNull(TestLakeSampleQueries.class.getResourceAsStream("lake-sample-queries.txt"), "lake-sample-queries.txt")) {
            text = new String(in.readAllBytes(), UTF_8);
        }
        List<Sample> samples = new ArrayList<>();
        String[] parts = text.split("(?m)^==== sample ");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int body = part.indexOf("\n----\n");
            String[] header = part.substring(0, body).split("\n");
            String sql = part.substring(body + "\n----\n".length());
            sql = sql.endsWith("\n\n") ? sql.substring(0, sql.length() - 2) : sql;
            samples.add(new Sample(header[0].strip(), header[1].substring("source: ".length()), header[2].substring("expect: ".length()), sql));
        }
        return samples;
    }
}
