package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.lake.SqlToken.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CloudTrail Lake's SQL (Trino's dialect, as users copy it from AWS's documentation and samples) translated to DuckDB
 * SQL over the event data stores' views, or refused with the error Lake gives. Pure: it reads no store; its only
 * resource is an in-memory DuckDB parser that checks each translation ({@link DuckDbQueryCheck}). Thread-safe.
 * What is translated to what is written down in docs/design/lake-sql.md, section "SQL dialect".
 */
public final class LakeSql
{
    /** StartQuery's {@code QueryParameters}: at most 10, each 1 to 1,024 characters (the model's limits). */
    public static final int MAX_QUERY_PARAMETERS = 10;
    public static final int MAX_QUERY_PARAMETER_LENGTH = 1024;

    private LakeSql() {}

    /** The DuckDB identifier of an event data store's table: {@code eds_} and the ID, hyphens as underscores, lower-case. */
    public static String viewName(String storeId)
    {
        requireNonNull(storeId, "storeId is null");
        return ("eds_" + storeId.replace('-', '_')).toLowerCase(Locale.ROOT);
    }

    /**
     * Translates one Lake query.
     *
     * @param queryParameters values for the query's {@code ?} placeholders, in order, each substituted as a string
     *         literal
     * @param resolver maps each table the query names to an event data store's ID
     * @throws CairnException {@code InvalidQueryStatementException} for anything but one SELECT of supported syntax and
     *         functions, {@code EventDataStoreNotFoundException} for a table the resolver does not know,
     *         {@code InvalidParameterException} for query parameters that do not fit the placeholders
     */
    public static LakeQuery translate(String sql, List<String> queryParameters, TableResolver resolver)
    {
        requireNonNull(sql, "sql is null");
        requireNonNull(queryParameters, "queryParameters is null");
        requireNonNull(resolver, "resolver is null");
        List<SqlToken> tokens = new ArrayList<>(SqlTokenizer.tokenize(sql));
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isSymbol(";")) {
            tokens.remove(tokens.size() - 1);
        }
        if (tokens.isEmpty()) {
            throw SqlTokenizer.invalid("The query is empty: write one SELECT statement");
        }
        for (SqlToken token : tokens) {
            if (token.isSymbol(";")) {
                throw SqlTokenizer.invalid("The query has more than one statement (a ';' at character %d): send one SELECT statement per query"
                        .formatted(token.position() + 1));
            }
        }
        SqlToken first = tokens.get(0);
        if (!first.isWord("SELECT") && !first.isWord("WITH") && !first.isSymbol("(")) {
            throw DuckDbQueryCheck.notSelect();
        }
        tokens = substituteParameters(tokens, queryParameters);

        LakeSqlTranslator translator = new LakeSqlTranslator(resolver);
        String translated = translator.translate(SqlNode.parse(tokens));
        if (translator.storeIds().isEmpty()) {
            throw SqlTokenizer.invalid("The query reads no event data store: name one by its ID after FROM, such as FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE");
        }
        DuckDbQueryCheck.check(translated, translator.tableNames(), Json.mapper());
        return new LakeQuery(translated, translator.storeIds());
    }

    /**
     * Statements to run on each new DuckDB connection before its configuration is locked, in order: the two settings
     * the translations rely on (Trino's integer division, and UTC as the session time zone) and the {@code lake_*}
     * macros translations call.
     */
    public static List<String> sessionMacros()
    {
        List<String> statements = new ArrayList<>();
        statements.add("SET integer_division = true");
        statements.add("SET TimeZone = 'UTC'");
        statements.addAll(TrinoFunctions.MACROS);
        return List.copyOf(statements);
    }

    private static List<SqlToken> substituteParameters(List<SqlToken> tokens, List<String> queryParameters)
    {
        long placeholders = tokens.stream().filter(token -> token.isSymbol("?")).count();
        if (queryParameters.size() > MAX_QUERY_PARAMETERS) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, "QueryParameters has %d values; give at most %d"
                    .formatted(queryParameters.size(), MAX_QUERY_PARAMETERS));
        }
        if (placeholders != queryParameters.size()) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, ("The query has %d ? placeholders but %d QueryParameters were given: "
                    + "give one value for each ?, in the order they appear").formatted(placeholders, queryParameters.size()));
        }
        List<SqlToken> substituted = new ArrayList<>(tokens.size());
        int next = 0;
        for (SqlToken token : tokens) {
            if (!token.isSymbol("?")) {
                substituted.add(token);
                continue;
            }
            String value = requireNonNull(queryParameters.get(next), "query parameter is null");
            next++;
            if (value.isEmpty() || value.length() > MAX_QUERY_PARAMETER_LENGTH || value.indexOf('\0') >= 0) {
                throw new CairnException(ErrorCode.INVALID_PARAMETER, ("QueryParameters value %d is %s: give 1 to %d characters without NUL")
                        .formatted(next, value.isEmpty() ? "empty" : value.length() > MAX_QUERY_PARAMETER_LENGTH ? value.length() + " characters long" : "holding a NUL character",
                                MAX_QUERY_PARAMETER_LENGTH));
            }
            substituted.add(new SqlToken(Kind.STRING, value, token.spaceBefore(), token.position()));
        }
        return substituted;
    }
}
