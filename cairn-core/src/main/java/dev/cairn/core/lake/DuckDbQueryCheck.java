package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The second gate of a translated query: DuckDB's own parser ({@code json_serialize_sql}) must see exactly one
 * SELECT whose tables are only the given views and CTEs, whose only table function is UNNEST, and whose functions are
 * only those the translation emits. The translator already refuses everything else; this check makes a gap in it
 * fail closed instead of reaching DuckDB's file readers. Parsing needs no data: one in-memory DuckDB without
 * external access serves every check, one at a time.
 */
final class DuckDbQueryCheck
{
    /** Functions DuckDB's parser itself writes for syntax (ARRAY[...], {@code x LIKE y}, INTERVAL, EXTRACT, ...). */
    private static final Set<String> PARSER_FUNCTIONS = Set.of(
            "list_value", "struct_pack", "row", "count_star", "date_part", "trunc", "timezone", "substring", "position", "trim",
            "ltrim", "rtrim", "unnest", "generate_subscripts", "map_keys", "map_values", "to_years", "to_months", "to_days",
            "to_hours", "to_minutes", "to_seconds", "to_milliseconds", "to_microseconds", "to_weeks", "to_quarters",
            "to_decades", "to_centuries", "to_millennia", "array_extract", "array_slice", "if", "nullif", "concat");

    /** Operators, which DuckDB's parser writes as functions. */
    private static final Set<String> OPERATORS = Set.of(
            "+", "-", "*", "/", "//", "%", "||", "~~", "!~~", "~~*", "!~~*", "^", "**");

    /** Table references a Lake query may hold, and the query nodes that hold them. */
    private static final Set<String> TABLE_AND_QUERY_NODES = Set.of(
            "SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE",
            "BASE_TABLE", "JOIN", "SUBQUERY", "EMPTY", "EMPTY_FROM", "EXPRESSION_LIST", "TABLE_FUNCTION");

    private static final Set<String> FUNCTIONS;

    static {
        Set<String> functions = new HashSet<>(PARSER_FUNCTIONS);
        functions.addAll(TrinoFunctions.emittedNames());
        FUNCTIONS = Set.copyOf(functions);
    }

    private static final Object LOCK = new Object();
    private static Connection connection;

    private DuckDbQueryCheck() {}

    /**
     * @param tables the lower-case names the query may read: the stores' views and the query's CTEs
     */
    static void check(String sql, Set<String> tables, ObjectMapper mapper)
    {
        requireNonNull(sql, "sql is null");
        JsonNode parsed;
        try {
            parsed = mapper.readTree(serialize(sql));
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException("DuckDB's json_serialize_sql answered text that is not JSON", e);
        }
        if (parsed.path("error").asBoolean(false)) {
            String type = parsed.path("error_type").asText("");
            String message = parsed.path("error_message").asText("");
            if (type.equals("not implemented")) {
                throw notSelect();
            }
            throw SqlTokenizer.invalid("The query has a syntax error: " + message.replaceFirst("^Parser Error: ", "")
                    + ". Correct the query; CloudTrail Lake takes Trino's SQL");
        }
        JsonNode statements = parsed.path("statements");
        if (statements.size() != 1) {
            throw SqlTokenizer.invalid("The query has %d statements: send one SELECT statement per query".formatted(statements.size()));
        }
        walk(statements.get(0), tables);
    }

    static CairnException notSelect()
    {
        return new CairnException(ErrorCode.INVALID_QUERY_STATEMENT,
                "Only SELECT statements are allowed: a CloudTrail Lake query cannot change or mutate data. Write one SELECT (or WITH ... SELECT) statement");
    }

    private static void walk(JsonNode node, Set<String> tables)
    {
        if (node.isArray()) {
            for (JsonNode element : node) {
                walk(element, tables);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("type").asText("");
        if (node.has("sample") && !TABLE_AND_QUERY_NODES.contains(type)) {
            throw refused("a " + type.toLowerCase(Locale.ROOT).replace('_', ' ') + " in FROM");
        }
        if (type.equals("BASE_TABLE")) {
            String table = node.path("table_name").asText("").toLowerCase(Locale.ROOT);
            if (!node.path("schema_name").asText("").isEmpty() || !node.path("catalog_name").asText("").isEmpty() || !tables.contains(table)) {
                throw refused("the table " + table);
            }
        }
        if (type.equals("TABLE_FUNCTION") && !node.path("function").path("function_name").asText("").equalsIgnoreCase("unnest")) {
            throw refused("the table function " + node.path("function").path("function_name").asText(""));
        }
        if (node.path("class").asText("").equals("FUNCTION")) {
            String name = node.path("function_name").asText("").toLowerCase(Locale.ROOT);
            boolean allowed = node.path("is_operator").asBoolean(false) ? OPERATORS.contains(name) : FUNCTIONS.contains(name);
            if (!allowed || !node.path("schema").asText("").isEmpty() || !node.path("catalog").asText("").isEmpty()) {
                throw refused("the function " + name);
            }
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            walk(field.getValue(), tables);
        }
    }

    private static CairnException refused(String what)
    {
        return SqlTokenizer.invalid(("The query uses %s, which Cairn's CloudTrail Lake does not support: "
                + "read event data stores by their ID and use the Trino functions listed in docs/design/lake-sql.md").formatted(what));
    }

    private static String serialize(String sql)
    {
        synchronized (LOCK) {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = open();
                }
                try (PreparedStatement statement = connection.prepareStatement("SELECT CAST(json_serialize_sql(?) AS VARCHAR)")) {
                    statement.setString(1, sql);
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        return result.getString(1);
                    }
                }
            }
            catch (SQLException e) {
                throw new IllegalStateException("DuckDB could not parse a translated Lake query", e);
            }
        }
    }

    private static Connection open()
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("threads", "1");
        properties.setProperty("memory_limit", "32MB");
        properties.setProperty("enable_external_access", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("lock_configuration", "true");
        return DriverManager.getConnection("jdbc:duckdb:", properties);
    }
}
