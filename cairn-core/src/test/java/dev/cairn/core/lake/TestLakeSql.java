package dev.cairn.core.lake;

import static dev.cairn.core.lake.TestingLakeTables.OTHER_STORE;
import static dev.cairn.core.lake.TestingLakeTables.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

public class TestLakeSql
{
    private static final String VIEW = "eds_example_f852_4e8f_8bd1_bcf6cexample";

    @Test
    public void namesViews()
    {
        assertThat(LakeSql.viewName("EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE")).isEqualTo(VIEW);
        assertThat(LakeSql.viewName("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111")).isEqualTo("eds_a1b2c3d4_5678_90ab_cdef_example11111");
    }

    @Test
    public void translatesTheIssuesExample()
    {
        LakeQuery query = translate("SELECT eventName, count(*) FROM " + STORE + " GROUP BY 1");
        assertThat(query.sql()).isEqualTo("SELECT eventName, count(*) FROM " + VIEW + " GROUP BY 1");
        assertThat(query.storeIds()).containsExactly(STORE);
    }

    @Test
    public void readsStoresByUnquotedQuotedAndCaseInsensitiveIds()
    {
        assertThat(translate("select * from \"" + STORE + "\" e where e.eventName = 'x'").sql())
                .isEqualTo("select * from " + VIEW + " e where e.eventName = 'x'");
        assertThat(translate("SELECT * FROM " + STORE.toLowerCase(Locale.ROOT) + ";").sql())
                .isEqualTo("SELECT * FROM " + VIEW);
        LakeQuery union = translate("Select eventId, eventName from " + STORE + " UNION Select eventId, eventName from " + OTHER_STORE);
        assertThat(union.sql()).isEqualTo("Select eventId, eventName from " + VIEW + " UNION Select eventId, eventName from eds_a1b2c3d4_5678_90ab_cdef_example11111");
        assertThat(union.storeIds()).containsExactlyInAnyOrder(STORE, OTHER_STORE);
    }

    @Test
    public void refusesStoresItDoesNotKnow()
    {
        assertRefused("SELECT * FROM EXAMPLE-0000-4e8f-8bd1-bcf6cEXAMPLE", ErrorCode.EVENT_DATA_STORE_NOT_FOUND)
                .hasMessageContaining("EXAMPLE-0000-4e8f-8bd1-bcf6cEXAMPLE").hasMessageContaining("list-event-data-stores");
        assertRefused("SELECT * FROM events", ErrorCode.EVENT_DATA_STORE_NOT_FOUND);
        assertRefused("SELECT * FROM \"events.csv\"", ErrorCode.EVENT_DATA_STORE_NOT_FOUND);
        assertRefused("SELECT * FROM " + VIEW, ErrorCode.EVENT_DATA_STORE_NOT_FOUND);
        assertRefused("SELECT * FROM duckdb_settings", ErrorCode.EVENT_DATA_STORE_NOT_FOUND);
    }

    @Test
    public void refusesAnArnAndSaysWhichIdToUse()
    {
        assertRefused("SELECT * FROM arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/" + STORE, ErrorCode.INVALID_QUERY_STATEMENT)
                .hasMessageContaining("write FROM " + STORE);
    }

    @Test
    public void refusesEverythingButASelect()
    {
        for (String sql : List.of(
                "INSERT INTO " + STORE + " VALUES (1)",
                "CREATE TABLE t AS SELECT * FROM " + STORE,
                "COPY (SELECT * FROM " + STORE + ") TO '/tmp/out.csv'",
                "ATTACH '/tmp/x.db' AS x",
                "SET enable_external_access = true",
                "PRAGMA database_list",
                "INSTALL httpfs",
                "LOAD httpfs",
                "DROP VIEW " + VIEW,
                "UPDATE t SET a = 1",
                "DELETE FROM " + STORE,
                "EXPLAIN SELECT * FROM " + STORE,
                "DESCRIBE " + STORE,
                "SHOW TABLES",
                "CALL duckdb_settings()",
                "EXPORT DATABASE '/tmp/x'",
                "VALUES (1)",
                "FROM " + STORE,
                "")) {
            assertRefused(sql, ErrorCode.INVALID_QUERY_STATEMENT);
        }
        assertRefused("INSERT INTO " + STORE + " VALUES (1)", ErrorCode.INVALID_QUERY_STATEMENT).hasMessageStartingWith("Only SELECT statements are allowed");
    }

    @Test
    public void refusesASecondStatement()
    {
        assertRefused("SELECT * FROM " + STORE + "; DROP VIEW " + VIEW, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("more than one statement");
        assertRefused("SELECT * FROM " + STORE + ";;", ErrorCode.INVALID_QUERY_STATEMENT);
        assertThat(translate("SELECT 1 AS one FROM " + STORE + " ; ").sql()).isEqualTo("SELECT 1 AS one FROM " + VIEW);
    }

    @Test
    public void refusesTableFunctionsAndFiles()
    {
        for (String sql : List.of(
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM read_text('/etc/passwd')",
                "SELECT * FROM glob('/*')",
                "SELECT * FROM read_parquet('/work/*.parquet')",
                "SELECT * FROM '/etc/passwd'",
                "SELECT * FROM query('SELECT 1')",
                "SELECT * FROM " + STORE + ", read_csv('/etc/passwd')",
                "SELECT * FROM " + STORE + " CROSS JOIN glob('/*') g",
                "SELECT * FROM " + STORE + " WHERE eventName IN (SELECT content FROM read_text('/etc/passwd'))",
                "SELECT (SELECT content FROM read_text('/etc/passwd')) FROM " + STORE,
                "SELECT * FROM information_schema.tables",
                "SELECT * FROM memory.main." + VIEW,
                "SELECT * FROM (FROM read_csv('/etc/passwd'))",
                "SELECT * FROM LATERAL read_csv('/etc/passwd')",
                "SELECT (FROM '/etc/passwd') FROM " + STORE,
                "SELECT eventName IN (FROM \"/etc/passwd\") FROM " + STORE,
                "SELECT * FROM (WITH \"/etc/passwd\" AS (SELECT 1 FROM " + STORE + ") SELECT 1 FROM " + STORE + ") t, \"/etc/passwd\"",
                "WITH \"x.csv\" AS (SELECT 1 FROM " + STORE + ") SELECT * FROM \"x.csv\"")) {
            assertThatThrownBy(() -> translate(sql)).as(sql).isInstanceOfSatisfying(CairnException.class,
                    e -> assertThat(e.errorCode()).isIn(ErrorCode.INVALID_QUERY_STATEMENT, ErrorCode.EVENT_DATA_STORE_NOT_FOUND));
        }
        assertRefused("SELECT * FROM read_csv('/etc/passwd')", ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("table functions are not available");
    }

    @Test
    public void refusesFunctionsItDoesNotTranslate()
    {
        for (String function : List.of("read_text('/etc/passwd')", "getenv('HOME')", "current_setting('threads')", "query_table('x')",
                "json_serialize_sql('select 1')", "list_value(1)", "system.builtin.lower('x')", "sql_auto_complete('x')", "\"getenv\"('HOME')")) {
            assertRefused("SELECT " + function + " FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT);
        }
        assertRefused("SELECT getenv('HOME') FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("does not support the function getenv");
        assertRefused("SELECT lower() FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("takes 1 arguments, not 0");
        assertRefused("SELECT date_format(eventTime, eventName) FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("string literal");
        assertRefused("SELECT date_format(eventTime, '%X') FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("%X");
    }

    @Test
    public void refusesDuckDbOnlySyntax()
    {
        assertRefused("SELECT eventName::VARCHAR FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("'::'");
        assertRefused("SELECT $1 FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT);
        assertRefused("SELECT {'a': 1} FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT);
        assertRefused("SELECT * FROM " + STORE + " TABLESAMPLE BERNOULLI (10)", ErrorCode.INVALID_QUERY_STATEMENT);
        assertRefused("SELECT 1", ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("reads no event data store");
        assertRefused("SELECT * FROM " + STORE + " WHERE (eventName = 'x'", ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("closing bracket");
        assertRefused("SELECT 'abc FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("never ends");
        assertRefused("SELECT * FROM FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("where a table belongs");
        assertRefused("SELECT * FROM " + STORE + " WHERE", ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("syntax error");
        assertRefused("SELECT " + "(".repeat(4000) + "1" + ")".repeat(4000) + " FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("nests brackets");
        assertThat(translate("SELECT " + "(".repeat(60) + "1" + ")".repeat(60) + " AS one FROM " + STORE).storeIds()).containsExactly(STORE);
    }

    @Test
    public void keepsStringsCommentsAndKeywordsApart()
    {
        assertThat(translate("SELECT 'it''s FROM read_csv(''x'')' AS \"from\" -- FROM read_csv('x')\nFROM /* read_csv */ " + STORE
                + " WHERE eventName IS DISTINCT FROM 'x' AND extract(year FROM eventTime) = 2023 AND substring(eventName FROM 1 FOR 3) = 'Get'").sql())
                .isEqualTo("SELECT 'it''s FROM read_csv(''x'')' AS \"from\" FROM " + VIEW
                        + " WHERE eventName IS DISTINCT FROM 'x' AND EXTRACT(YEAR FROM eventTime) = 2023 AND substring(eventName FROM 1 FOR 3) = 'Get'");
    }

    @Test
    public void translatesTrinoConstructs()
    {
        assertThat(translate("SELECT element_at(requestParameters, 'bucketName'), transform(resources, r -> r.arn), "
                + "CAST(json_parse(element_at(requestParameters, 'x')) AS map(varchar, json)), TRY_CAST(eventVersion AS array(row(a varchar, b bigint))), "
                + "date_diff('day', eventTime, now()), approx_distinct(eventName), day_of_week(eventTime), extract(dow FROM eventTime), "
                + "concat(eventSource, ':', eventName), json_extract_scalar(x, '$.a') FROM " + STORE + " CROSS JOIN UNNEST(resources) AS t(accountId, type, arn)").sql())
                .isEqualTo("SELECT (requestParameters)['bucketName'], list_transform(resources, lambda r: r.arn), "
                        + "CAST(json((requestParameters)['x']) AS MAP(VARCHAR, JSON)), TRY_CAST(eventVersion AS STRUCT(a VARCHAR, b BIGINT)[]), "
                        + "date_sub('day', eventTime, now()), lake_approx_distinct(eventName), isodow(eventTime), EXTRACT(ISODOW FROM eventTime), "
                        + "(eventSource || ':' || eventName), lake_json_extract_scalar(x, '$.a') FROM " + VIEW
                        + " CROSS JOIN LATERAL (SELECT unnest(resources, recursive := true)) AS t(accountId, type, arn)");
        assertThat(translate("SELECT date_format(eventTime, '%Y-%m-%d %H:%i:%s'), format_datetime(eventTime, 'yyyy-MM-dd''T''HH:mm:ss.SSS'), "
                + "regexp_replace(eventName, '(\\w+)', '<$1>') FROM " + STORE).sql())
                .isEqualTo("SELECT strftime(eventTime, '%Y-%m-%d %H:%M:%S'), strftime(eventTime, '%Y-%m-%dT%H:%M:%S.%g'), "
                        + "regexp_replace(eventName, '(\\w+)', '<\\1>', 'g') FROM " + VIEW);
    }

    @Test
    public void makesTheTimestampBeforeAtTimeZoneAnInstant()
    {
        assertThat(translate("SELECT eventTime AT TIME ZONE 'UTC', e.resources[1].arn AT TIME ZONE 'UTC', 1 + TIMESTAMP '2023-01-01 00:00:00' AT TIME ZONE 'UTC', "
                + "date_add('day', 1, eventTime) AT TIME ZONE 'UTC', (eventTime) AT TIME ZONE 'UTC' FROM " + STORE + " e").sql())
                .isEqualTo("SELECT CAST(eventTime AS TIMESTAMP WITH TIME ZONE) AT TIME ZONE 'UTC', CAST(e.resources[1].arn AS TIMESTAMP WITH TIME ZONE) AT TIME ZONE 'UTC', "
                        + "1 + CAST(TIMESTAMP '2023-01-01 00:00:00' AS TIMESTAMP WITH TIME ZONE) AT TIME ZONE 'UTC', "
                        + "CAST(lake_date_add('day', 1, eventTime) AS TIMESTAMP WITH TIME ZONE) AT TIME ZONE 'UTC', "
                        + "CAST((eventTime) AS TIMESTAMP WITH TIME ZONE) AT TIME ZONE 'UTC' FROM " + VIEW + " e");
        assertRefused("SELECT AT TIME ZONE 'UTC' FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("AT TIME ZONE needs a timestamp");
        assertRefused("SELECT 1 + AT TIME ZONE 'UTC' FROM " + STORE, ErrorCode.INVALID_QUERY_STATEMENT).hasMessageContaining("AT TIME ZONE needs a timestamp");
    }

    @Test
    public void substitutesQueryParametersAsStringLiterals()
    {
        assertThat(LakeSql.translate("SELECT * FROM " + STORE + " WHERE eventName = ? AND awsRegion = ?", List.of("x' OR 1=1 --", "us-east-1"),
                TestingLakeTables::resolve).sql())
                .isEqualTo("SELECT * FROM " + VIEW + " WHERE eventName = 'x'' OR 1=1 --' AND awsRegion = 'us-east-1'");
        assertThatThrownBy(() -> LakeSql.translate("SELECT * FROM " + STORE + " WHERE eventName = ?", List.of(), TestingLakeTables::resolve))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageContaining("1 ? placeholders but 0 QueryParameters");
        assertThatThrownBy(() -> LakeSql.translate("SELECT * FROM " + STORE, List.of("x"), TestingLakeTables::resolve))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER));
        assertThatThrownBy(() -> LakeSql.translate("SELECT * FROM " + STORE + " WHERE eventName = ?", List.of("x".repeat(1025)), TestingLakeTables::resolve))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER));
        assertThatThrownBy(() -> LakeSql.translate("SELECT * FROM " + STORE, Collections.nCopies(11, "x"), TestingLakeTables::resolve))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER));
    }

    @Test
    public void duckDbParserRefusesWhatTheTranslatorWouldNotEmit()
    {
        Set<String> tables = Set.of(VIEW);
        DuckDbQueryCheck.check("SELECT count(*) FROM " + VIEW + " CROSS JOIN UNNEST(resources) AS t(r)", tables, Json.mapper());
        for (String sql : List.of(
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM " + VIEW + " JOIN other ON true",
                "SELECT * FROM main." + VIEW,
                "SELECT read_text('x') FROM " + VIEW,
                "SELECT 1 FROM " + VIEW + "; SELECT 2 FROM " + VIEW,
                "PIVOT " + VIEW + " ON eventName",
                "INSERT INTO " + VIEW + " VALUES (1)",
                "SELECT * FROM " + VIEW + " WHERE x IN (SELECT * FROM glob('*'))")) {
            assertThatThrownBy(() -> DuckDbQueryCheck.check(sql, tables, Json.mapper())).as(sql)
                    .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_QUERY_STATEMENT));
        }
    }

    @Test
    public void sessionStatementsRunInDuckDb()
            throws Exception
    {
        assertThat(LakeSql.sessionMacros()).startsWith("SET integer_division = true", "SET TimeZone = 'UTC'");
        try (TestingLakeTables tables = new TestingLakeTables()) {
            assertThat(tables.query("SELECT lake_to_iso8601(TIMESTAMP '2023-01-02 03:04:05.678'), lake_to_iso8601(TIMESTAMPTZ '2023-01-02 03:04:05Z'), "
                    + "lake_to_iso8601(DATE '2023-01-02'), lake_millisecond(TIMESTAMP '2023-01-02 03:04:05.678'), lake_slice([1, 2, 3, 4], 2, 2), "
                    + "lake_array_position(['a'], 'b'), lake_json_array_contains('[1, 2]', 2), lake_is_json_scalar('{}')"))
                    .containsExactly(List.of("2023-01-02T03:04:05.678", "2023-01-02T03:04:05.000Z", "2023-01-02", "678", "[2, 3]", "0", "true", "false"));
        }
    }

    private static LakeQuery translate(String sql)
    {
        return LakeSql.translate(sql, List.of(), TestingLakeTables::resolve);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String sql, ErrorCode code)
    {
        return assertThatThrownBy(() -> translate(sql)).as(sql)
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
    }
}
