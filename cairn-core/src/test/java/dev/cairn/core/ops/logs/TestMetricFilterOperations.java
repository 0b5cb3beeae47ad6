package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.MetricFilterRepository;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.cairn.core.ops.logs.LogsCalls.ACCOUNT;
import static dev.cairn.core.ops.logs.LogsCalls.REGION;
import static dev.cairn.core.ops.logs.LogsCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

public class TestMetricFilterOperations
{
    private final LogsCalls logs = new LogsCalls();

    private void createGroup(String name)
    {
        logs.call(new CreateLogGroup(), "{\"logGroupName\":\"" + name + "\"}");
    }

    private static String put(String group, String filter, String pattern, String transformation)
    {
        return "{\"logGroupName\":\"" + group + "\",\"filterName\":\"" + filter + "\",\"filterPattern\":" + pattern
                + ",\"metricTransformations\":[" + transformation + "]}";
    }

    private static String counting(String namespace, String metric)
    {
        return "{\"metricName\":\"" + metric + "\",\"metricNamespace\":\"" + namespace + "\",\"metricValue\":\"1\"}";
    }

    private List<String> names(ObjectNode output)
    {
        List<String> names = new ArrayList<>();
        output.path("metricFilters").forEach(filter -> names.add(filter.path("logGroupName").asText() + "/" + filter.path("filterName").asText()));
        return names;
    }

    @Test
    public void filtersArePutDescribedReplacedAndDeleted()
    {
        createGroup("app");
        logs.call(new PutMetricFilter(), put("app", "errors", "\"ERROR\"", counting("App", "Errors")));
        logs.call(new PutMetricFilter(), put("app", "latency", "\"{ $.latency > 0 }\"",
                "{\"metricName\":\"Latency\",\"metricNamespace\":\"App\",\"metricValue\":\"$.latency\",\"unit\":\"Milliseconds\",\"dimensions\":{\"Operation\":\"$.op\"}}"));

        JsonNode latency = logs.call(new DescribeMetricFilters(), "{\"logGroupName\":\"app\",\"filterNamePrefix\":\"lat\"}").path("metricFilters");
        assertThat(latency).hasSize(1);
        assertThat(latency.get(0).path("filterPattern").asText()).isEqualTo("{ $.latency > 0 }");
        assertThat(latency.get(0).path("creationTime").asLong()).isEqualTo(LogsCalls.NOW.toEpochMilli());
        JsonNode transformation = latency.get(0).path("metricTransformations").get(0);
        assertThat(transformation.toString()).isEqualTo("{\"metricName\":\"Latency\",\"metricNamespace\":\"App\",\"metricValue\":\"$.latency\","
                + "\"dimensions\":{\"Operation\":\"$.op\"},\"unit\":\"Milliseconds\"}");

        // replaced in place
        logs.call(new PutMetricFilter(), put("app", "errors", "\"?ERROR ?FATAL\"",
                "{\"metricName\":\"Errors\",\"metricNamespace\":\"App\",\"metricValue\":\"2.5\",\"defaultValue\":0}"));
        JsonNode errors = logs.call(new DescribeMetricFilters(), "{\"logGroupName\":\"app\",\"filterNamePrefix\":\"err\"}").path("metricFilters").get(0);
        assertThat(errors.path("filterPattern").asText()).isEqualTo("?ERROR ?FATAL");
        assertThat(errors.path("metricTransformations").get(0).path("defaultValue").asDouble()).isZero();
        assertThat(logs.call(new DescribeLogGroups(LogsCalls.NO_LOG_EVENTS), "{}").path("logGroups").get(0).path("metricFilterCount").asInt()).isEqualTo(2);

        logs.call(new DeleteMetricFilter(), "{\"logGroupName\":\"app\",\"filterName\":\"errors\"}");
        assertThat(names(logs.call(new DescribeMetricFilters(), "{\"logGroupName\":\"app\"}"))).containsExactly("app/latency");
        assertError(() -> logs.call(new DeleteMetricFilter(), "{\"logGroupName\":\"app\",\"filterName\":\"errors\"}"), ErrorCode.LOGS_RESOURCE_NOT_FOUND, "metric filter");
        assertError(() -> logs.call(new DeleteMetricFilter(), "{\"logGroupName\":\"missing\",\"filterName\":\"errors\"}"), ErrorCode.LOGS_RESOURCE_NOT_FOUND, "log group");
        assertError(() -> logs.call(new PutMetricFilter(), put("missing", "x", "\"\"", counting("A", "B"))), ErrorCode.LOGS_RESOURCE_NOT_FOUND, "log group");
        assertError(() -> logs.call(new DescribeMetricFilters(), "{\"logGroupName\":\"missing\"}"), ErrorCode.LOGS_RESOURCE_NOT_FOUND, "log group");
    }

    @Test
    public void describedByNameThenGroupAcrossGroupsByMetricAndInPages()
    {
        createGroup("a");
        createGroup("b");
        logs.call(new PutMetricFilter(), put("b", "f1", "\"\"", counting("N1", "M1")));
        logs.call(new PutMetricFilter(), put("a", "f1", "\"\"", counting("N1", "M1")));
        logs.call(new PutMetricFilter(), put("a", "f2", "\"\"", counting("N1", "M2")));
        logs.call(new PutMetricFilter(), put("b", "f0", "\"\"", counting("N2", "M1")));
        assertThat(names(logs.call(new DescribeMetricFilters(), "{}"))).containsExactly("b/f0", "a/f1", "b/f1", "a/f2");
        // the prefix counts only with a group, as documented
        assertThat(names(logs.call(new DescribeMetricFilters(), "{\"filterNamePrefix\":\"f1\"}"))).hasSize(4);
        assertThat(names(logs.call(new DescribeMetricFilters(), "{\"metricName\":\"M1\",\"metricNamespace\":\"N1\"}"))).containsExactly("a/f1", "b/f1");
        assertThat(names(logs.call(new DescribeMetricFilters(), "{\"logGroupName\":\"b\",\"metricName\":\"M1\",\"metricNamespace\":\"N1\"}"))).containsExactly("b/f1");
        assertError(() -> logs.call(new DescribeMetricFilters(), "{\"metricName\":\"M1\"}"), ErrorCode.LOGS_INVALID_PARAMETER, "together");

        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            ObjectNode page = logs.call(new DescribeMetricFilters(), token == null ? "{\"limit\":3}" : "{\"limit\":3,\"nextToken\":\"" + token + "\"}");
            paged.addAll(names(page));
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        }
        while (token != null);
        assertThat(paged).containsExactly("b/f0", "a/f1", "b/f1", "a/f2");
        assertError(() -> logs.call(new DescribeMetricFilters(), "{\"nextToken\":\"" + Logs.nextToken("nocolon") + "\"}"), ErrorCode.LOGS_INVALID_PARAMETER, "nextToken");

        // another account and another region see none of them
        assertThat(names(logs.call(new DescribeMetricFilters(), "444455556666", REGION, "{}"))).isEmpty();
        assertThat(names(logs.call(new DescribeMetricFilters(), ACCOUNT, "us-east-1", "{}"))).isEmpty();
    }

    @Test
    public void badPatternsValuesAndDimensionsAreRefused()
    {
        createGroup("g");
        assertError(() -> logs.call(new PutMetricFilter(), put("g", "f", "\"{ $.a = }\"", counting("N", "M"))), ErrorCode.LOGS_INVALID_PARAMETER, "Invalid filter pattern");
        assertError(() -> logs.call(new PutMetricFilter(), put("g", "f", "\"ERROR\"", "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"$.size\"}")),
                ErrorCode.LOGS_INVALID_PARAMETER, "Invalid metric value");
        assertError(() -> logs.call(new PutMetricFilter(), put("g", "f", "\"[ip, bytes]\"", "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"$size\"}")),
                ErrorCode.LOGS_INVALID_PARAMETER, "Invalid metric value");
        assertError(() -> logs.call(new PutMetricFilter(), put("g", "f", "\"ERROR\"", "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"NaN\"}")),
                ErrorCode.LOGS_INVALID_PARAMETER, "Invalid metric value");
        assertError(() -> logs.call(new PutMetricFilter(), put("g", "f", "\"{ $.a = 1 }\"",
                "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"1\",\"dimensions\":{\"A\":\"$.a\",\"B\":\"$.b\",\"C\":\"$.c\",\"D\":\"$.d\"}}")),
                ErrorCode.LOGS_INVALID_PARAMETER, "at most 3 dimensions");
        assertError(() -> logs.call(new PutMetricFilter(), put("g", "f", "\"{ $.a = 1 }\"",
                "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"1\",\"dimensions\":{\"A\":\"fixed\"}}")),
                ErrorCode.LOGS_INVALID_PARAMETER, "dimension A");
        assertError(() -> logs.call(new PutMetricFilter(), put("g", "f", "\"{ $.a = 1 }\"",
                "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"1\",\"defaultValue\":0,\"dimensions\":{\"A\":\"$.a\"}}")),
                ErrorCode.LOGS_INVALID_PARAMETER, "both a defaultValue and dimensions");
        assertError(() -> logs.call(new PutMetricFilter(), "{\"logGroupName\":\"g\",\"filterName\":\"f\",\"filterPattern\":\"\",\"applyOnTransformedLogs\":true,"
                + "\"metricTransformations\":[" + counting("N", "M") + "]}"), ErrorCode.LOGS_INVALID_PARAMETER, "applyOnTransformedLogs");
        // space-delimited fields by name, with dimensions
        logs.call(new PutMetricFilter(), put("g", "bytes", "\"[ip, user, status, bytes]\"",
                "{\"metricName\":\"Bytes\",\"metricNamespace\":\"Web\",\"metricValue\":\"$bytes\",\"dimensions\":{\"Status\":\"$status\"}}"));
        assertThat(new MetricFilterCount(logs).count("g")).isEqualTo(1);
    }

    @Test
    public void aHundredFiltersAGroupAtMost()
    {
        createGroup("full");
        for (int i = 0; i < 100; i++) {
            logs.call(new PutMetricFilter(), put("full", "f" + i, "\"\"", counting("N", "M")));
        }
        assertError(() -> logs.call(new PutMetricFilter(), put("full", "one-more", "\"\"", counting("N", "M"))), ErrorCode.LOGS_LIMIT_EXCEEDED, "100");
        // replacing one is no new filter
        logs.call(new PutMetricFilter(), put("full", "f7", "\"x\"", counting("N", "M")));
        assertThat(new MetricFilterCount(logs).count("full")).isEqualTo(100);
    }

    @Test
    public void deletingAGroupDeletesItsFiltersOnly()
            throws Exception
    {
        createGroup("gone");
        createGroup("gone2");
        logs.call(new PutMetricFilter(), put("gone", "f", "\"\"", counting("N", "M")));
        logs.call(new PutMetricFilter(), put("gone2", "f", "\"\"", counting("N", "M")));
        logs.call(new DeleteLogGroup(), "{\"logGroupName\":\"gone\"}");
        createGroup("gone");
        assertThat(names(logs.call(new DescribeMetricFilters(), "{}"))).containsExactly("gone2/f");
        assertThat(new LogGroupRepository(logs.metadata).group(ACCOUNT, REGION, "gone")).isPresent();
    }

    @Test
    public void testMetricFilterReportsMatchesWithTheirExtractedValues()
    {
        ObjectNode output = logs.call(new TestMetricFilter(), "{\"filterPattern\":\"[ip, user, status = 4*, bytes]\",\"logEventMessages\":["
                + "\"127.0.0.1 frank 200 1534\",\"127.0.0.1 frank 404 12\",\"10.0.0.1 - 401 7\"]}");
        assertThat(output.toString()).isEqualTo("{\"matches\":["
                + "{\"eventNumber\":2,\"eventMessage\":\"127.0.0.1 frank 404 12\",\"extractedValues\":{\"$ip\":\"127.0.0.1\",\"$user\":\"frank\",\"$status\":\"404\",\"$bytes\":\"12\"}},"
                + "{\"eventNumber\":3,\"eventMessage\":\"10.0.0.1 - 401 7\",\"extractedValues\":{\"$ip\":\"10.0.0.1\",\"$user\":\"-\",\"$status\":\"401\",\"$bytes\":\"7\"}}]}");
        ObjectNode json = logs.call(new TestMetricFilter(), "{\"filterPattern\":\"{ $.eventName = \\\"CreateUser\\\" }\",\"logEventMessages\":["
                + "\"{\\\"eventName\\\":\\\"CreateUser\\\"}\",\"not json\"]}");
        assertThat(json.path("matches")).hasSize(1);
        assertThat(json.path("matches").get(0).path("eventNumber").asInt()).isEqualTo(1);
        assertThat(json.path("matches").get(0).path("extractedValues").isEmpty()).isTrue();
        assertThat(logs.call(new TestMetricFilter(), "{\"filterPattern\":\"ERROR\",\"logEventMessages\":[\"fine\"]}").path("matches")).isEmpty();
        assertError(() -> logs.call(new TestMetricFilter(), "{\"filterPattern\":\"[a, b\",\"logEventMessages\":[\"x\"]}"), ErrorCode.LOGS_INVALID_PARAMETER,
                "Invalid filter pattern");
    }

    /** How many filters a group has, as the repository counts them. */
    private record MetricFilterCount(LogsCalls logs)
    {
        int count(String group)
        {
            try {
                return new MetricFilterRepository(logs.metadata).count(ACCOUNT, REGION, group);
            }
            catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
