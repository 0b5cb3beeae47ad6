package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeMetricFiltersResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricFilter;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricFilterMatchRecord;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricTransformation;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.StandardUnit;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CloudWatch Logs metric filters through the AWS SDK for Java v2 against the real server: put, replace, describe (by
 * group, prefix, metric, pages), delete, the limit of 100 a group, TestMetricFilter, the filter count DescribeLogGroups
 * reports, the calls recorded, and the values metric filters publish on {@code /metrics}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class LogsMetricFiltersIT
{
    private static final String REGION = "us-west-2";

    private TestingCairnServer server;
    private CloudWatchLogsClient logs;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        logs = LogsClients.logs(server, TestingCairnServer.rootCredentials(), REGION);
    }

    @AfterAll
    public void stop()
    {
        logs.close();
        server.close();
    }

    private static MetricTransformation counting(String namespace, String name)
    {
        return MetricTransformation.builder().metricNamespace(namespace).metricName(name).metricValue("1").build();
    }

    private int metricFilterCount(String group)
    {
        return logs.describeLogGroups(request -> request.logGroupNamePrefix(group)).logGroups().stream()
                .filter(candidate -> candidate.logGroupName().equals(group)).findFirst().orElseThrow().metricFilterCount();
    }

    @Test
    public void metricFiltersArePutDescribedAndDeleted()
    {
        logs.createLogGroup(request -> request.logGroupName("/web/access"));
        logs.putMetricFilter(request -> request.logGroupName("/web/access").filterName("bytes")
                .filterPattern("[ip, identity, user, timestamp, request, status_code = 2*, bytes]")
                .metricTransformations(MetricTransformation.builder().metricNamespace("Web").metricName("BytesSent").metricValue("$bytes")
                        .unit(StandardUnit.BYTES).dimensions(Map.of("Status", "$status_code")).build()));
        logs.putMetricFilter(request -> request.logGroupName("/web/access").filterName("errors").filterPattern("ERROR")
                .metricTransformations(MetricTransformation.builder().metricNamespace("Web").metricName("Errors").metricValue("1").defaultValue(0.0).build()));
        assertThat(metricFilterCount("/web/access")).isEqualTo(2);

        List<MetricFilter> filters = logs.describeMetricFilters(request -> request.logGroupName("/web/access")).metricFilters();
        assertThat(filters).extracting(MetricFilter::filterName).containsExactly("bytes", "errors");
        MetricFilter bytes = filters.get(0);
        assertThat(bytes.logGroupName()).isEqualTo("/web/access");
        assertThat(bytes.filterPattern()).isEqualTo("[ip, identity, user, timestamp, request, status_code = 2*, bytes]");
        assertThat(bytes.creationTime()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(bytes.metricTransformations()).singleElement().satisfies(transformation -> {
            assertThat(transformation.metricValue()).isEqualTo("$bytes");
            assertThat(transformation.unit()).isEqualTo(StandardUnit.BYTES);
            assertThat(transformation.dimensions()).isEqualTo(Map.of("Status", "$status_code"));
            assertThat(transformation.defaultValue()).isNull();
        });
        assertThat(filters.get(1).metricTransformations().get(0).defaultValue()).isEqualTo(0.0);

        // replaced in place, keeping its creation time
        logs.putMetricFilter(request -> request.logGroupName("/web/access").filterName("errors").filterPattern("?ERROR ?FATAL")
                .metricTransformations(counting("Web", "Errors")));
        MetricFilter replaced = logs.describeMetricFilters(request -> request.logGroupName("/web/access").filterNamePrefix("err")).metricFilters().get(0);
        assertThat(replaced.filterPattern()).isEqualTo("?ERROR ?FATAL");
        assertThat(replaced.creationTime()).isEqualTo(filters.get(1).creationTime());
        assertThat(metricFilterCount("/web/access")).isEqualTo(2);

        assertThat(logs.describeMetricFilters(request -> request.metricNamespace("Web").metricName("Errors")).metricFilters())
                .extracting(MetricFilter::filterName).containsExactly("errors");

        logs.deleteMetricFilter(request -> request.logGroupName("/web/access").filterName("errors"));
        assertThat(logs.describeMetricFilters(request -> request.logGroupName("/web/access")).metricFilters()).extracting(MetricFilter::filterName)
                .containsExactly("bytes");
        assertThatThrownBy(() -> logs.deleteMetricFilter(request -> request.logGroupName("/web/access").filterName("errors")))
                .isInstanceOf(ResourceNotFoundException.class);

        // deleting the group deletes its filters
        logs.deleteLogGroup(request -> request.logGroupName("/web/access"));
        logs.createLogGroup(request -> request.logGroupName("/web/access"));
        assertThat(logs.describeMetricFilters(request -> request.logGroupName("/web/access")).metricFilters()).isEmpty();
        assertThat(metricFilterCount("/web/access")).isZero();
    }

    @Test
    public void filtersOfEveryGroupAreDescribedInPages()
    {
        for (String group : List.of("paged-a", "paged-b")) {
            logs.createLogGroup(request -> request.logGroupName(group));
            for (String filter : List.of("p1", "p2", "p3")) {
                logs.putMetricFilter(request -> request.logGroupName(group).filterName(filter).filterPattern("").metricTransformations(counting("Paged", filter)));
            }
        }
        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeMetricFiltersResponse page = logs.describeMetricFilters(request -> request.metricNamespace("Paged").metricName("p2").limit(1).nextToken(next));
            page.metricFilters().forEach(filter -> paged.add(filter.logGroupName() + "/" + filter.filterName()));
            token = page.nextToken();
        }
        while (token != null);
        assertThat(paged).containsExactly("paged-a/p2", "paged-b/p2");
        assertThat(logs.describeMetricFiltersPaginator(request -> request.limit(2)).metricFilters().stream().map(filter -> filter.logGroupName() + "/" + filter.filterName()))
                .containsSubsequence("paged-a/p1", "paged-b/p1", "paged-a/p2", "paged-b/p2", "paged-a/p3", "paged-b/p3");
        assertThatThrownBy(() -> logs.describeMetricFilters(request -> request.metricName("p2"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.describeMetricFilters(request -> request.logGroupName("missing"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    public void badFiltersAreRefusedAndAHundredIsTheMost()
    {
        logs.createLogGroup(request -> request.logGroupName("limited"));
        assertThatThrownBy(() -> logs.putMetricFilter(request -> request.logGroupName("limited").filterName("bad").filterPattern("{ $.latency > }")
                .metricTransformations(counting("N", "M"))))
                .isInstanceOfSatisfying(InvalidParameterException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("Invalid filter pattern"));
        assertThatThrownBy(() -> logs.putMetricFilter(request -> request.logGroupName("limited").filterName("bad").filterPattern("{ $.latency > 0 }")
                .metricTransformations(MetricTransformation.builder().metricNamespace("N").metricName("M").metricValue("$.latency").defaultValue(0.0)
                        .dimensions(Map.of("Op", "$.op")).build())))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.putMetricFilter(request -> request.logGroupName("limited").filterName("bad").filterPattern("ERROR")
                .metricTransformations(counting("N", "M"), counting("N", "M2"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.putMetricFilter(request -> request.logGroupName("missing").filterName("f").filterPattern("ERROR")
                .metricTransformations(counting("N", "M"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(metricFilterCount("limited")).isZero();

        for (int i = 0; i < 100; i++) {
            String name = "filter-" + i;
            logs.putMetricFilter(request -> request.logGroupName("limited").filterName(name).filterPattern("ERROR").metricTransformations(counting("N", "M")));
        }
        assertThatThrownBy(() -> logs.putMetricFilter(request -> request.logGroupName("limited").filterName("one-more").filterPattern("ERROR")
                .metricTransformations(counting("N", "M"))))
                .isInstanceOf(LimitExceededException.class);
        logs.putMetricFilter(request -> request.logGroupName("limited").filterName("filter-7").filterPattern("WARN").metricTransformations(counting("N", "M")));
        assertThat(metricFilterCount("limited")).isEqualTo(100);
    }

    @Test
    public void testMetricFilterAnswersAsAwsDocumentsIt()
    {
        List<MetricFilterMatchRecord> matches = logs.testMetricFilter(request -> request
                .filterPattern("[ip, identity, user_id, timestamp, request, status_code = 4*, size]")
                .logEventMessages(
                        "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534",
                        "127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] \"GET /apache_pb.gif HTTP/1.0\" 500 5324",
                        "127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] \"GET /apache_pb.gif HTTP/1.0\" 404 2222")).matches();
        assertThat(matches).singleElement().satisfies(match -> {
            assertThat(match.eventNumber()).isEqualTo(3L);
            assertThat(match.eventMessage()).endsWith("404 2222");
            assertThat(match.extractedValues()).containsEntry("$status_code", "404").containsEntry("$size", "2222")
                    .containsEntry("$request", "GET /apache_pb.gif HTTP/1.0").containsEntry("$timestamp", "10/Oct/2000:13:50:35 -0700");
        });
        assertThat(logs.testMetricFilter(request -> request.filterPattern("{ $.eventName = \"ConsoleLogin\" }")
                .logEventMessages("{\"eventName\":\"ConsoleLogin\"}", "{\"eventName\":\"CreateUser\"}")).matches())
                .singleElement().satisfies(match -> {
                    assertThat(match.eventNumber()).isEqualTo(1L);
                    assertThat(match.extractedValues()).isEmpty();
                });
        assertThatThrownBy(() -> logs.testMetricFilter(request -> request.filterPattern("[a,").logEventMessages("x"))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    public void metricValuesAreOnTheMetricsEndpoint()
            throws IOException, InterruptedException
    {
        logs.createLogGroup(request -> request.logGroupName("measured"));
        logs.putMetricFilter(request -> request.logGroupName("measured").filterName("latency").filterPattern("{ $.latency >= 0 }")
                .metricTransformations(MetricTransformation.builder().metricNamespace("Measured").metricName("Latency").metricValue("$.latency")
                        .dimensions(Map.of("Operation", "$.op")).build()));
        // PutLogEvents is to call this as it appends events; until then the test does
        server.server().cairn().metricFilterCounters().accept(server.accountId(), REGION, "measured",
                List.of("{\"op\":\"Get\",\"latency\":12}", "{\"op\":\"Get\",\"latency\":30}", "{\"op\":\"Put\"}"));
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("cairn_journal_position ")
                .contains("cairn_logs_metric_value{account=\"" + server.accountId() + "\",region=\"" + REGION
                        + "\",namespace=\"Measured\",metric=\"Latency\",dimension_Operation=\"Get\"} 42\n")
                .contains("cairn_logs_metric_samples_total{account=\"" + server.accountId() + "\",region=\"" + REGION
                        + "\",namespace=\"Measured\",metric=\"Latency\",dimension_Operation=\"Get\"} 2\n")
                .doesNotContain("dimension_Operation=\"Put\"");
    }

    @Test
    public void callsAreRecorded()
    {
        logs.createLogGroup(request -> request.logGroupName("recorded-filters"));
        logs.putMetricFilter(request -> request.logGroupName("recorded-filters").filterName("recorded").filterPattern("ERROR")
                .metricTransformations(counting("Recorded", "Errors")));
        logs.testMetricFilter(request -> request.filterPattern("ERROR").logEventMessages("ERROR here"));
        try (CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION)) {
            Event put = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "PutMetricFilter", "PutMetricFilter",
                    candidate -> EventHistory.record(candidate).path("requestParameters").path("filterName").asText().equals("recorded"), Duration.ofSeconds(5));
            JsonNode record = EventHistory.record(put);
            assertThat(record.path("eventSource").asText()).isEqualTo("logs.amazonaws.com");
            assertThat(record.path("readOnly").asBoolean()).isFalse();
            assertThat(record.path("requestParameters").path("metricTransformations").get(0).path("metricNamespace").asText()).isEqualTo("Recorded");
            assertThat(put.resources()).anySatisfy(resource -> assertThat(resource.resourceName()).isEqualTo("recorded-filters"));

            Event tested = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "TestMetricFilter", "TestMetricFilter", candidate -> true, Duration.ofSeconds(5));
            assertThat(EventHistory.record(tested).path("readOnly").asBoolean()).isTrue();
        }
    }
}
