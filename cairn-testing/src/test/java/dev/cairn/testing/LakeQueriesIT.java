package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.AwsCliJourneyIT.Credentials;
import dev.cairn.testing.AwsCliJourneyIT.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.DescribeQueryResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudtrail.model.QueryStatus;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * SQL over events, as CloudTrail Lake users run it: an event data store fills from the calls made after it exists, and
 * {@code StartQuery} with Lake's SQL counts them within seconds (the done-means, through the AWS SDK and the AWS
 * CLI); results page, go to a bucket as gzip CSV, and bad SQL is refused with Lake's errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class LakeQueriesIT
{
    private TestingCairnServer server;
    private CloudTrailClient cloudTrail;
    private IamClient iam;
    private String storeId;

    @TempDir
    Path directory;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        cloudTrail = server.cloudTrail();
        iam = server.iam();
        String arn = cloudTrail.createEventDataStore(request -> request.name("all-management").terminationProtectionEnabled(false)).eventDataStoreArn();
        storeId = arn.substring(arn.lastIndexOf('/') + 1);
    }

    @AfterAll
    public void stop()
    {
        iam.close();
        cloudTrail.close();
        server.close();
    }

    @Test
    public void aGroupByCountsTheCallsMadeWithinSeconds()
            throws Exception
    {
        for (int i = 0; i < 3; i++) {
            int user = i;
            iam.createUser(request -> request.userName("counted-" + user));
        }
        iam.listUsers();
        Instant made = Instant.now();
        String sql = "SELECT eventName, count(*) AS calls FROM " + storeId + " WHERE eventSource = 'iam.amazonaws.com' "
                + "AND ((eventName = 'CreateUser' AND element_at(requestParameters, 'userName') LIKE 'counted-%') OR eventName = 'ListUsers') GROUP BY 1 ORDER BY 2 DESC";
        Map<String, String> counts = Poll.until("the calls counted by the query", Duration.ofSeconds(15), Duration.ofMillis(200), () -> counts(run(sql)),
                found -> "3".equals(found.get("CreateUser")) && "1".equals(found.get("ListUsers")));
        System.out.printf("LakeQueriesIT: calls counted by a query %d ms after they were made%n", Duration.between(made, Instant.now()).toMillis());
        assertThat(counts).containsEntry("CreateUser", "3").containsEntry("ListUsers", "1");
    }

    @Test
    public void lakeSqlOfAwsSamples()
    {
        iam.createUser(request -> request.userName("sampled"));
        String sql = "SELECT userIdentity.arn AS who, element_at(requestParameters, 'userName') AS created, date_trunc('day', eventTime) AS day, "
                + "json_extract_scalar(json_format(CAST(userIdentity AS JSON)), '$.type') AS type, 7 / 2 AS half "
                + "FROM " + storeId + " WHERE eventName = 'CreateUser' AND eventTime > '2020-01-01 00:00:00' AND element_at(requestParameters, 'userName') LIKE 'sam%'";
        List<List<Map<String, String>>> rows = Poll.until("the sampled user", Duration.ofSeconds(15), Duration.ofMillis(200), () -> rows(run(sql)), found -> !found.isEmpty());
        Map<String, String> row = merged(rows.get(0));
        assertThat(row.get("created")).isEqualTo("sampled");
        assertThat(row.get("who")).isEqualTo("arn:aws:iam::" + server.accountId() + ":root");
        assertThat(row.get("day")).endsWith("00:00:00.000");
        assertThat(row.get("type")).isEqualTo("Root");
        assertThat(row.get("half")).as("Trino's integer division").isEqualTo("3");
    }

    @Test
    public void resultsPageAndGoToABucket()
            throws Exception
    {
        for (int i = 0; i < 5; i++) {
            int user = i;
            iam.createUser(request -> request.userName("paged-" + user));
        }
        Path bucket = server.createBucketDirectory("query-results");
        String sql = "SELECT element_at(requestParameters, 'userName') AS name FROM " + storeId + " WHERE eventName = 'CreateUser' "
                + "AND element_at(requestParameters, 'userName') LIKE 'paged-%' ORDER BY 1";
        String queryId = Poll.until("five paged users", Duration.ofSeconds(15), Duration.ofMillis(200), () -> {
            String id = cloudTrail.startQuery(request -> request.queryStatement(sql).deliveryS3Uri("s3://query-results/lake")).queryId();
            finished(id);
            return id;
        }, id -> cloudTrail.getQueryResults(request -> request.queryId(id)).queryStatistics().totalResultsCount() == 5);
        GetQueryResultsResponse first = cloudTrail.getQueryResults(request -> request.queryId(queryId).maxQueryResults(2));
        assertThat(first.queryResultRows()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        GetQueryResultsResponse second = cloudTrail.getQueryResults(request -> request.queryId(queryId).maxQueryResults(2).nextToken(first.nextToken()));
        assertThat(merged(second.queryResultRows().get(0)).get("name")).isEqualTo("paged-2");
        assertThatThrownBy(() -> cloudTrail.getQueryResults(request -> request.queryId(queryId).nextToken("made-up-token")))
                .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextTokenException"));

        DescribeQueryResponse described = Poll.until("the delivery", Duration.ofSeconds(10), Duration.ofMillis(100),
                () -> cloudTrail.describeQuery(request -> request.queryId(queryId)), answer -> !"PENDING".equals(answer.deliveryStatusAsString()));
        assertThat(described.deliveryStatusAsString()).isEqualTo("SUCCESS");
        assertThat(described.queryString()).isEqualTo(sql);
        assertThat(described.queryStatistics().eventsScanned()).isPositive();
        List<Path> files;
        try (var walk = Files.walk(bucket)) {
            files = walk.filter(path -> path.toString().endsWith("result_1.csv.gz") && path.toString().contains(queryId)).toList();
        }
        assertThat(files).hasSize(1);
        assertThat(bucket.relativize(files.get(0)).toString()).startsWith("lake/" + server.accountId() + "/CloudTrail-Lake/Query/");
        String csv = new String(new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(files.get(0)))).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("name\r\npaged-0\r\npaged-1\r\npaged-2\r\npaged-3\r\npaged-4\r\n");

        assertThat(cloudTrail.listQueries(request -> request.eventDataStore(storeId)).queries()).anyMatch(query -> query.queryId().equals(queryId));
        assertThatThrownBy(() -> cloudTrail.cancelQuery(request -> request.queryId(queryId)))
                .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InactiveQueryException"));
    }

    @Test
    public void badQueriesGetLakesErrors()
    {
        assertCode("DELETE FROM " + storeId, "InvalidQueryStatementException");
        assertCode("SELECT * FROM read_csv('/etc/passwd')", "InvalidQueryStatementException");
        assertCode("SELECT count(*) FROM 00000000-0000-4000-8000-000000000000", "EventDataStoreNotFoundException");
        // a column Lake's table does not have fails when the query runs
        String failing = cloudTrail.startQuery(request -> request.queryStatement("SELECT noSuchColumn FROM " + storeId)).queryId();
        DescribeQueryResponse described = finished(failing);
        assertThat(described.queryStatus()).isEqualTo(QueryStatus.FAILED);
        assertThat(described.errorMessage()).isNotEmpty();
        assertThatThrownBy(() -> cloudTrail.describeQuery(request -> request.queryId("00000000-0000-4000-8000-000000000000")))
                .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("QueryIdNotFoundException"));
    }

    /** The done-means with the AWS CLI: start-query, then get-query-results, counts right within seconds. */
    @Test
    public void theAwsCliRunsAQuery()
            throws Exception
    {
        Optional<Path> cli = AwsCliJourneyIT.onPath("aws");
        if (cli.isEmpty()) {
            if ("1".equals(System.getenv(AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE))) {
                throw new AssertionError("The AWS CLI is required (" + AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE + "=1) but is not on PATH");
            }
            org.junit.jupiter.api.Assumptions.abort("Skipping the AWS CLI part: no AWS CLI on PATH");
        }
        iam.createUser(request -> request.userName("cli-counted"));
        Map<String, String> environment = AwsCliJourneyIT.environment(directory, Optional.of(Credentials.ROOT));
        String sql = "SELECT eventName, count(*) FROM " + storeId + " WHERE element_at(requestParameters, 'userName') = 'cli-counted' GROUP BY 1";
        JsonNode results = Poll.until("the CLI's query result", Duration.ofSeconds(20), Duration.ofMillis(300), () -> {
            Result started = AwsCliJourneyIT.run(List.of(cli.get().toString(), "--endpoint-url", server.endpoint().toString(), "--output", "json",
                    "cloudtrail", "start-query", "--query-statement", sql), environment, directory);
            assertThat(started.exitCode()).as(started.toString()).isZero();
            String queryId = started.json().path("QueryId").asText();
            finished(queryId);
            Result fetched = AwsCliJourneyIT.run(List.of(cli.get().toString(), "--endpoint-url", server.endpoint().toString(), "--output", "json",
                    "cloudtrail", "get-query-results", "--query-id", queryId), environment, directory);
            assertThat(fetched.exitCode()).as(fetched.toString()).isZero();
            return fetched.json();
        }, json -> json.path("QueryResultRows").size() == 1);
        assertThat(results.path("QueryStatus").asText()).isEqualTo("FINISHED");
        assertThat(results.path("QueryResultRows").get(0).toString()).contains("{\"eventName\":\"CreateUser\"}").contains("\"1\"");
    }

    private void assertCode(String sql, String code)
    {
        assertThatThrownBy(() -> cloudTrail.startQuery(request -> request.queryStatement(sql)))
                .as(sql)
                .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
    }

    private DescribeQueryResponse finished(String queryId)
    {
        return Poll.until("query " + queryId + " to finish", Duration.ofSeconds(20), Duration.ofMillis(50),
                () -> cloudTrail.describeQuery(request -> request.queryId(queryId)),
                answer -> answer.queryStatus() != QueryStatus.QUEUED && answer.queryStatus() != QueryStatus.RUNNING);
    }

    private GetQueryResultsResponse run(String sql)
    {
        String queryId = cloudTrail.startQuery(request -> request.queryStatement(sql)).queryId();
        DescribeQueryResponse described = finished(queryId);
        assertThat(described.queryStatus()).as(described.errorMessage()).isEqualTo(QueryStatus.FINISHED);
        return cloudTrail.getQueryResults(request -> request.queryId(queryId));
    }

    private static List<List<Map<String, String>>> rows(GetQueryResultsResponse results)
    {
        return results.queryResultRows();
    }

    private static Map<String, String> merged(List<Map<String, String>> row)
    {
        Map<String, String> merged = new HashMap<>();
        row.forEach(merged::putAll);
        return merged;
    }

    private static Map<String, String> counts(GetQueryResultsResponse results)
    {
        Map<String, String> counts = new HashMap<>();
        for (List<Map<String, String>> row : results.queryResultRows()) {
            Map<String, String> values = merged(row);
            counts.put(values.get("eventName"), values.get("calls"));
        }
        return counts;
    }
}
