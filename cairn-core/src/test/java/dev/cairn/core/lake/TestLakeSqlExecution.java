package dev.cairn.core.lake;

import static dev.cairn.core.lake.TestingLakeTables.OTHER_STORE;
import static dev.cairn.core.lake.TestingLakeTables.STORE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

/**
 * Translated queries run in DuckDB against {@link TestingLakeTables#standard()}, their answers compared with what
 * Trino answers for the same rows.
 */
public class TestLakeSqlExecution
{
    private static TestingLakeTables tables;

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
    public void groupsByOrdinalAndOrdersByCount()
            throws SQLException
    {
        assertThat(run("SELECT eventSource, count(*) FROM " + STORE + " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3"))
                .containsExactly(List.of("s3.amazonaws.com", "3"), List.of("ec2.amazonaws.com", "2"), List.of("iam.amazonaws.com", "2"));
    }

    @Test
    public void comparesEventTimeWithStrings()
            throws SQLException
    {
        assertThat(run("SELECT eventID FROM " + STORE + " WHERE eventTime > '2023-01-03 00:00:00' AND eventTime < '2023-01-04 00:00:00' ORDER BY eventTime"))
                .containsExactly(List.of("e02"), List.of("e03"));
        assertThat(run("SELECT count(*) FROM " + STORE + " WHERE eventTime BETWEEN '2023-07-01 00:00:00' AND '2023-07-31 23:59:59'"))
                .containsExactly(List.of("2"));
        assertThat(run("SELECT count(*) FROM " + STORE + " WHERE eventtime >= timestamp '2023-11-01 00:00:00'"))
                .containsExactly(List.of("1"));
    }

    @Test
    public void readsMapsAndStructs()
            throws SQLException
    {
        assertThat(run("SELECT element_at(requestParameters, 'bucketName'), requestParameters['key'], element_at(requestParameters, 'missing') "
                + "FROM " + STORE + " WHERE eventID = 'e01'"))
                .containsExactly(List.of("demo-bucket", "a.txt", "null"));
        assertThat(run("SELECT userIdentity.sessionContext.sessionIssuer.userName, useridentity.SESSIONCONTEXT.sessionissuer.arn "
                + "FROM " + STORE + " WHERE eventid = 'e04'"))
                .containsExactly(List.of("admin", "arn:aws:iam::111122223333:role/admin"));
        assertThat(run("SELECT element_at(resources, 1).arn, element_at(resources, -1).ARN, element_at(resources, 3), cardinality(resources) "
                + "FROM " + STORE + " WHERE eventID = 'e01'"))
                .containsExactly(List.of("arn:aws:s3:::demo-bucket/a.txt", "arn:aws:s3:::demo-bucket", "null", "2"));
        assertThat(run("SELECT cardinality(map_keys(requestParameters)), contains(map_keys(requestParameters), 'key') FROM " + STORE + " WHERE eventID = 'e02'"))
                .containsExactly(List.of("2", "true"));
    }

    @Test
    public void extractsJson()
            throws SQLException
    {
        assertThat(run("SELECT json_extract_scalar(element_at(responseElements, 'instancesSet'), '$.items[0].instanceId'), "
                + "json_extract_scalar(element_at(responseElements, 'instancesSet'), '$.items'), "
                + "json_format(json_extract(element_at(responseElements, 'instancesSet'), '$.items[0].instanceType')), "
                + "json_array_length(json_extract(element_at(responseElements, 'instancesSet'), '$.items')) "
                + "FROM " + STORE + " WHERE eventName = 'RunInstances'"))
                .containsExactly(List.of("i-b188560f", "null", "\"t3.micro\"", "1"));
        // text that is not JSON is NULL in Trino, not an error
        assertThat(run("SELECT json_extract_scalar(element_at(requestParameters, 'bucketName'), '$.a'), json_extract(element_at(requestParameters, 'key'), '$') "
                + "FROM " + STORE + " WHERE eventID = 'e01'"))
                .containsExactly(List.of("null", "null"));
        assertThat(run("SELECT json_extract_scalar(json_array_get(element_at(requestParameters, 'evaluations'), 0), '$.complianceType'), "
                + "json_extract_scalar(json_parse('{\"a\":{\"b\":\"c\"}}'), '$.a.b') FROM " + STORE + " WHERE eventName = 'PutEvaluations'"))
                .containsExactly(List.of("NON_COMPLIANT", "c"));
    }

    @Test
    public void worksWithDatesAndTimes()
            throws SQLException
    {
        assertThat(run("SELECT date_trunc('day', eventTime), date_format(eventTime, '%Y-%m-%d %H:%i:%s'), to_iso8601(eventTime), "
                + "date_diff('hour', eventTime, TIMESTAMP '2023-01-04 09:14:00'), date_add('day', 1, eventTime) "
                + "FROM " + STORE + " WHERE eventID = 'e03'"))
                .containsExactly(List.of("2023-01-03 00:00:00.0", "2023-01-03 12:00:00", "2023-01-03T12:00:00.000", "21", "2023-01-04 12:00:00.0"));
        assertThat(run("SELECT day_of_week(eventTime), format_datetime(eventTime, 'yyyy/MM/dd HH:mm'), hour(eventTime), year(eventTime), date(eventTime) "
                + "FROM " + STORE + " WHERE eventID = 'e05'"))
                .containsExactly(List.of("4", "2023/01/05 14:00", "14", "2023", "2023-01-05"));
        assertThat(run("SELECT count(*) FROM " + STORE + " WHERE eventTime > from_iso8601_timestamp('2023-11-01T00:00:00Z') "
                + "AND eventTime < date_add('year', 10, now()) AND eventTime > current_timestamp - interval '7000' day"))
                .containsExactly(List.of("1"));
        assertThat(run("SELECT count(*) FROM " + STORE + " WHERE eventTime + INTERVAL '1' DAY > TIMESTAMP '2023-11-17 00:00:00'"))
                .containsExactly(List.of("1"));
    }

    @Test
    public void aggregatesAsTrinoDoes()
            throws SQLException
    {
        assertThat(run("SELECT approx_distinct(eventSource), count_if(readOnly), arbitrary(recipientAccountId) IS NOT NULL, "
                + "count(DISTINCT userIdentity.arn), 7 / 2, approx_percentile(hour(eventTime), 0.5) FROM " + STORE))
                .containsExactly(List.of("7", "3", "true", "3", "3", "11"));
        assertThat(run("SELECT eventSource, array_agg(eventName ORDER BY eventName) FROM " + STORE + " WHERE eventSource = 'iam.amazonaws.com' GROUP BY eventSource"))
                .containsExactly(List.of("iam.amazonaws.com", "[AddUserToGroup, CreateUser]"));
    }

    @Test
    public void unnestsResources()
            throws SQLException
    {
        assertThat(run("SELECT eventID, res.type, res.arn FROM " + STORE + " CROSS JOIN UNNEST(resources) AS t(res) WHERE eventID = 'e01' ORDER BY 2"))
                .containsExactly(List.of("e01", "AWS::S3::Bucket", "arn:aws:s3:::demo-bucket"), List.of("e01", "AWS::S3::Object", "arn:aws:s3:::demo-bucket/a.txt"));
        assertThat(run("SELECT r.arn, n FROM " + STORE + " CROSS JOIN UNNEST(resources) WITH ORDINALITY AS t(r, n) WHERE eventID = 'e02' ORDER BY n"))
                .containsExactly(List.of("arn:aws:s3:::demo-bucket/b.txt", "1"), List.of("arn:aws:s3:::demo-bucket", "2"));
        assertThat(run("SELECT type, arn FROM " + STORE + " CROSS JOIN UNNEST(resources) AS t(accountId, type, arn) WHERE eventID = 'e03'"))
                .containsExactly(List.of("AWS::IAM::Role", "arn:aws:iam::111122223333:role/admin"));
        assertThat(run("SELECT k, v FROM " + STORE + " CROSS JOIN UNNEST(requestParameters) AS p(k, v) WHERE eventID = 'e11' ORDER BY k"))
                .containsExactly(List.of("groupName", "admins"), List.of("userName", "bob"));
    }

    @Test
    public void joinsAndUnionsTwoStores()
            throws SQLException
    {
        assertThat(run("SELECT eventID FROM " + STORE + " WHERE eventName = 'GetObject' UNION ALL SELECT eventID FROM " + OTHER_STORE
                + " WHERE eventName = 'GetObject' ORDER BY 1"))
                .containsExactly(List.of("e01"), List.of("e02"), List.of("o01"));
        assertThat(run("SELECT a.eventID, b.eventID FROM " + STORE + " a JOIN \"" + OTHER_STORE + "\" b ON a.eventTime = b.eventTime"))
                .containsExactly(List.of("e01", "o01"));
        assertThat(run("WITH recent AS (SELECT eventName, eventTime FROM " + STORE + " WHERE eventTime > '2023-07-01 00:00:00') "
                + "SELECT eventName FROM recent WHERE eventTime < (SELECT max(eventTime) FROM recent) ORDER BY 1"))
                .containsExactly(List.of("AuthorizeSecurityGroupIngress"), List.of("PutBucketPublicAccessBlock"));
        assertThat(run("SELECT eventName FROM " + STORE + " WHERE userIdentity.accountId IN (SELECT recipientAccountId FROM " + OTHER_STORE + ")"))
                .isEmpty();
    }

    @Test
    public void windowsCasesAndConditions()
            throws SQLException
    {
        assertThat(run("SELECT eventID, row_number() OVER (PARTITION BY eventSource ORDER BY eventTime) AS n FROM " + STORE
                + " WHERE eventSource = 's3.amazonaws.com' ORDER BY eventTime"))
                .containsExactly(List.of("e01", "1"), List.of("e02", "2"), List.of("e08", "3"));
        assertThat(run("SELECT CASE WHEN errorCode IS NULL THEN 'ok' ELSE errorCode END, coalesce(errorMessage, '-'), if(readOnly, 'read', 'write') "
                + "FROM " + STORE + " WHERE eventID IN ('e01', 'e02') ORDER BY eventID"))
                .containsExactly(List.of("ok", "-", "read"), List.of("AccessDenied", "Access Denied", "read"));
        assertThat(run("SELECT count(*) FROM " + STORE + " WHERE eventName LIKE 'Create%' AND NOT regexp_like(eventSource, '^rds') "
                + "AND userIdentity.type IS DISTINCT FROM 'Root'"))
                .containsExactly(List.of("1"));
        assertThat(run("SELECT regexp_extract(userIdentity.arn, 'assumed-role/([^/]+)', 1), regexp_extract(eventName, 'zzz'), "
                + "split(userIdentity.arn, '/')[2], regexp_replace(eventSource, '\\.amazonaws\\.com$'), regexp_replace(eventName, '(Create)(\\w+)', '$2-$1') "
                + "FROM " + STORE + " WHERE eventID = 'e04'"))
                .containsExactly(List.of("admin", "null", "admin", "iam", "User-Create"));
        assertThat(run("SELECT try_cast(eventVersion AS double), CAST(readOnly AS varchar), try(CAST(eventName AS bigint)), "
                + "transform(filter(resources, r -> r.type = 'AWS::S3::Bucket'), r -> r.arn) FROM " + STORE + " WHERE eventID = 'e01'"))
                .containsExactly(List.of("1.11", "true", "null", "[arn:aws:s3:::demo-bucket]"));
    }

    @Test
    public void convertsTimeZonesAsTrinoDoes()
            throws SQLException
    {
        // Trino takes eventTime as UTC and shows it in the zone: 12:00 UTC is 07:00 in New York in January
        assertThat(run("SELECT CAST(eventTime AT TIME ZONE 'America/New_York' AS varchar), hour(at_timezone(eventTime, 'America/New_York')), "
                + "CAST(element_at(resources, 1).arn AS varchar) FROM " + STORE + " WHERE eventID = 'e03'"))
                .containsExactly(List.of("2023-01-03 07:00:00", "7", "arn:aws:iam::111122223333:role/admin"));
        assertThat(run("SELECT count(*) FROM " + STORE + " WHERE hour(eventTime AT TIME ZONE 'Asia/Tokyo') = 19 AND eventTime AT TIME ZONE 'UTC' < TIMESTAMP '2023-02-01 00:00:00'"))
                .containsExactly(List.of("1"));
    }

    @Test
    public void answersMoreTrinoFunctions()
            throws SQLException
    {
        assertThat(run("SELECT listagg(eventName, ',') WITHIN GROUP (ORDER BY eventName DESC), cardinality(map_agg(eventID, eventName)), "
                + "array_sort(array_union(array_agg(eventSource), ARRAY['x'])) FROM " + STORE + " WHERE eventSource = 'iam.amazonaws.com'"))
                .containsExactly(List.of("CreateUser,AddUserToGroup", "2", "[iam.amazonaws.com, x]"));
        assertThat(run("SELECT array_sort(array_except(map_keys(requestParameters), ARRAY['key'])), array_remove(ARRAY['a', 'b'], 'a'), array_intersect(ARRAY[1, 2], ARRAY[2, 3]), "
                + "json_value(element_at(requestParameters, 'PublicAccessBlockConfiguration'), 'lax $.BlockPublicPolicy'), "
                + "json_size(element_at(requestParameters, 'PublicAccessBlockConfiguration'), '$'), "
                + "json_exists(element_at(requestParameters, 'PublicAccessBlockConfiguration'), 'strict $.Nothing') "
                + "FROM " + STORE + " WHERE eventID = 'e08'"))
                .containsExactly(List.of("[PublicAccessBlockConfiguration, bucketName]", "[b]", "[2]", "false", "2", "false"));
        assertThat(run("SELECT url_extract_host(element_at(additionalEventData, 'LoginTo')), url_extract_protocol(element_at(additionalEventData, 'LoginTo')), "
                + "url_extract_path(element_at(additionalEventData, 'LoginTo')), url_extract_port('https://h:8443/x?a=1#f'), url_extract_query('https://h:8443/x?a=1#f'), "
                + "url_extract_fragment('https://h:8443/x?a=1#f'), url_extract_host('not a url') FROM " + STORE + " WHERE eventID = 'e05'"))
                .containsExactly(List.of("console.aws.amazon.com", "https", "/", "8443", "a=1", "f", "null"));
    }

    @Test
    public void substitutesQueryParameters()
            throws SQLException
    {
        LakeQuery query = LakeSql.translate("SELECT eventID FROM " + STORE + " WHERE eventName = ? AND userIdentity.userName = ? ORDER BY 1",
                List.of("GetObject", "alice' OR '1'='1"), TestingLakeTables::resolve);
        assertThat(tables.query(query.sql())).isEmpty();
        query = LakeSql.translate("SELECT eventID FROM " + STORE + " WHERE eventName = ? ORDER BY 1", List.of("GetObject"), TestingLakeTables::resolve);
        assertThat(tables.query(query.sql())).containsExactly(List.of("e01"), List.of("e02"));
    }

    private static List<List<String>> run(String lakeSql)
            throws SQLException
    {
        LakeQuery query = LakeSql.translate(lakeSql, List.of(), TestingLakeTables::resolve);
        return tables.query(query.sql());
    }
}
