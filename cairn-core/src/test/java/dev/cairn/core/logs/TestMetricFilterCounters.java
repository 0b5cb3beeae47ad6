package dev.cairn.core.logs;

import dev.cairn.core.logs.MetricFilterCounters.Series;
import dev.cairn.core.logs.MetricFilterCounters.Total;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public class TestMetricFilterCounters
{
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-west-2";

    @TempDir
    Path directory;

    private SqliteStore store;
    private MetricFilterCounters counters;

    @BeforeEach
    public void open()
            throws IOException
    {
        store = SqliteStore.open(directory);
        counters = new MetricFilterCounters(store);
    }

    @AfterEach
    public void close()
            throws IOException
    {
        store.close();
    }

    private void put(String group, String name, String pattern, MetricTransformation transformation)
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            new MetricFilterRepository(batch.metadata()).put(ACCOUNT, REGION, new MetricFilter(group, name, pattern, transformation, 0));
            batch.commit();
        }
    }

    private void delete(String group, String name)
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            new MetricFilterRepository(batch.metadata()).delete(ACCOUNT, REGION, group, name);
            batch.commit();
        }
    }

    private static MetricTransformation transformation(String namespace, String metric, String value, Optional<Double> defaultValue, Map<String, String> dimensions)
    {
        return new MetricTransformation(metric, namespace, value, defaultValue, dimensions, Optional.empty());
    }

    private Optional<Total> total(String namespace, String metric, Map<String, String> dimensions)
    {
        return counters.total(new Series(ACCOUNT, REGION, namespace, metric, dimensions));
    }

    @Test
    public void matchedMessagesAddTheFixedValue()
            throws IOException
    {
        put("app", "errors", "ERROR", transformation("App", "Errors", "1", Optional.empty(), Map.of()));
        put("app", "weighted", "?ERROR ?WARN", transformation("App", "Weighted", "0.5", Optional.empty(), Map.of()));
        counters.accept(ACCOUNT, REGION, "app", List.of("ERROR one", "fine", "WARN two", "ERROR three"));
        assertThat(total("App", "Errors", Map.of())).contains(new Total(2, 2));
        assertThat(total("App", "Weighted", Map.of())).contains(new Total(1.5, 3));
        // other groups, accounts and regions have filters of their own
        counters.accept(ACCOUNT, REGION, "other", List.of("ERROR"));
        counters.accept("444455556666", REGION, "app", List.of("ERROR"));
        counters.accept(ACCOUNT, "us-east-1", "app", List.of("ERROR"));
        assertThat(total("App", "Errors", Map.of())).contains(new Total(2, 2));
        assertThat(counters.total(new Series("444455556666", REGION, "App", "Errors", Map.of()))).isEmpty();
    }

    @Test
    public void selectorsPickValuesAndDimensions()
            throws IOException
    {
        put("api", "latency", "{ $.latency >= 0 }", transformation("Api", "Latency", "$.latency", Optional.empty(), Map.of("Operation", "$.op")));
        put("web", "bytes", "[ip, status, bytes]", transformation("Web", "Bytes", "$bytes", Optional.empty(), Map.of("Status", "$status")));
        counters.accept(ACCOUNT, REGION, "api", List.of(
                "{\"op\":\"Get\",\"latency\":12.5}",
                "{\"op\":\"Get\",\"latency\":7.5}",
                "{\"op\":\"Put\",\"latency\":100}",
                // no dimension value: nothing published
                "{\"latency\":3}",
                "not json"));
        assertThat(total("Api", "Latency", Map.of("Operation", "Get"))).contains(new Total(20, 2));
        assertThat(total("Api", "Latency", Map.of("Operation", "Put"))).contains(new Total(100, 1));
        assertThat(total("Api", "Latency", Map.of())).isEmpty();

        counters.accept(ACCOUNT, REGION, "web", List.of("10.0.0.1 200 1534", "10.0.0.2 404 12", "10.0.0.3 200 -", "10.0.0.4 200 66"));
        // "-" is no number: nothing published for it
        assertThat(total("Web", "Bytes", Map.of("Status", "200"))).contains(new Total(1600, 2));
        assertThat(total("Web", "Bytes", Map.of("Status", "404"))).contains(new Total(12, 1));
    }

    @Test
    public void theDefaultValueIsPublishedOnceForACallWithoutMatches()
            throws IOException
    {
        put("app", "errors", "ERROR", transformation("App", "Errors", "1", Optional.of(0.0), Map.of()));
        put("app", "missing", "MISSING", transformation("App", "Missing", "1", Optional.of(5.0), Map.of()));
        counters.accept(ACCOUNT, REGION, "app", List.of("fine", "also fine"));
        assertThat(total("App", "Errors", Map.of())).contains(new Total(0, 1));
        assertThat(total("App", "Missing", Map.of())).contains(new Total(5, 1));
        counters.accept(ACCOUNT, REGION, "app", List.of("ERROR", "fine"));
        assertThat(total("App", "Errors", Map.of())).contains(new Total(1, 2));
        counters.accept(ACCOUNT, REGION, "app", List.of());
        assertThat(total("App", "Missing", Map.of())).contains(new Total(10, 2));
    }

    @Test
    public void filtersAreReadAgainWhenMetadataChanges()
            throws IOException
    {
        counters.accept(ACCOUNT, REGION, "app", List.of("ERROR"));
        assertThat(total("App", "Errors", Map.of())).isEmpty();
        put("app", "errors", "ERROR", transformation("App", "Errors", "1", Optional.empty(), Map.of()));
        counters.accept(ACCOUNT, REGION, "app", List.of("ERROR"));
        assertThat(total("App", "Errors", Map.of())).contains(new Total(1, 1));
        put("app", "errors", "ERROR", transformation("App", "Errors", "10", Optional.empty(), Map.of()));
        counters.accept(ACCOUNT, REGION, "app", List.of("ERROR"));
        assertThat(total("App", "Errors", Map.of())).contains(new Total(11, 2));
        delete("app", "errors");
        counters.accept(ACCOUNT, REGION, "app", List.of("ERROR"));
        assertThat(total("App", "Errors", Map.of())).contains(new Total(11, 2));
        counters.invalidate();
        counters.accept(ACCOUNT, REGION, "app", List.of("ERROR"));
        assertThat(total("App", "Errors", Map.of())).contains(new Total(11, 2));
    }

    @Test
    public void theTextFormatLabelsEverySeries()
            throws IOException
    {
        put("api", "latency", "{ $.latency >= 0 }", transformation("Api", "Latency", "$.latency", Optional.empty(), Map.of("Operation.Name", "$.op", "Operation-Name", "$.other")));
        put("app", "errors", "ERROR", transformation("App", "Errors", "1", Optional.empty(), Map.of()));
        counters.accept(ACCOUNT, REGION, "app", List.of("ERROR"));
        counters.accept(ACCOUNT, REGION, "api", List.of("{\"op\":\"Say \\\"hi\\\"\\n\",\"other\":\"a\\\\b\",\"latency\":1.25}"));
        assertThat(counters.text()).isEqualTo("""
                # HELP cairn_logs_metric_value Sum of the values CloudWatch Logs metric filters published on this node since it started.
                # TYPE cairn_logs_metric_value gauge
                cairn_logs_metric_value{account="111122223333",region="us-west-2",namespace="Api",metric="Latency",dimension_Operation_Name="a\\\\b",dimension_Operation_Name_2="Say \\"hi\\"\\n"} 1.25
                cairn_logs_metric_value{account="111122223333",region="us-west-2",namespace="App",metric="Errors"} 1
                # HELP cairn_logs_metric_samples_total Values CloudWatch Logs metric filters published on this node since it started.
                # TYPE cairn_logs_metric_samples_total counter
                cairn_logs_metric_samples_total{account="111122223333",region="us-west-2",namespace="Api",metric="Latency",dimension_Operation_Name="a\\\\b",dimension_Operation_Name_2="Say \\"hi\\"\\n"} 1
                cairn_logs_metric_samples_total{account="111122223333",region="us-west-2",namespace="App",metric="Errors"} 1
                # HELP cairn_logs_metric_dropped_total Metric filter values dropped because 10000 series were kept already.
                # TYPE cairn_logs_metric_dropped_total counter
                cairn_logs_metric_dropped_total 0
                """);
        assertThat(MetricFilterCounters.number(1e20)).isEqualTo("1.0E20");
        assertThat(MetricFilterCounters.number(-3)).isEqualTo("-3");
        assertThat(MetricFilterCounters.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    public void seriesBeyondTheMostKeptAreDroppedAndCounted()
            throws IOException
    {
        put("ids", "by-id", "{ $.id = * }", transformation("Ids", "Seen", "1", Optional.empty(), Map.of("Id", "$.id")));
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < MetricFilterCounters.MAXIMUM_SERIES + 5; i++) {
            messages.add("{\"id\":\"" + i + "\"}");
        }
        counters.accept(ACCOUNT, REGION, "ids", messages);
        assertThat(counters.dropped()).isEqualTo(5);
        assertThat(total("Ids", "Seen", Map.of("Id", "0"))).contains(new Total(1, 1));
        // a series kept still counts
        counters.accept(ACCOUNT, REGION, "ids", List.of("{\"id\":\"0\"}"));
        assertThat(total("Ids", "Seen", Map.of("Id", "0"))).contains(new Total(2, 2));
        assertThat(counters.dropped()).isEqualTo(5);
    }
}
