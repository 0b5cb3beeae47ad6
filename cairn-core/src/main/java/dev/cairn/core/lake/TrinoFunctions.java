package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Trino functions a Lake query may call, each with its DuckDB translation. A function that is not here is
 * refused: the list is what Cairn answers like Lake does, and it is also what keeps DuckDB's own functions (among
 * them the ones that read files) out of reach. Functions whose DuckDB counterpart differs only in name map to it;
 * those whose behaviour differs map to the {@code lake_*} macros of {@link #MACROS}.
 */
final class TrinoFunctions
{
    /** A call with its arguments already translated, and as written for the rules that read literal arguments. */
    record Call(String name, List<String> arguments, List<List<SqlNode>> written)
    {
        Call
        {
            requireNonNull(name, "name is null");
            arguments = List.copyOf(arguments);
            written = List.copyOf(written);
        }

        String argument(int index)
        {
            return arguments.get(index);
        }

        String joined()
        {
            return String.join(", ", arguments);
        }

        /** The argument's value when it is a single string literal. */
        Optional<String> literal(int index)
        {
            List<SqlNode> nodes = written.get(index);
            if (nodes.size() == 1 && nodes.get(0) instanceof SqlNode.Leaf leaf && leaf.token().kind() == SqlToken.Kind.STRING) {
                return Optional.of(leaf.token().text());
            }
            return Optional.empty();
        }

        String requireLiteral(int index, String what)
        {
            return literal(index).orElseThrow(() -> SqlTokenizer.invalid(
                    "%s's %s must be a string literal in Cairn's Lake: write it as '...' in the query".formatted(name, what)));
        }
    }

    interface Translation
    {
        String translate(Call call);
    }

    record Rule(int minArguments, int maxArguments, Translation translation) {}

    /**
     * Statements that define the {@code lake_*} macros, in the order to run them. Each is temporary: it lives in the
     * connection that runs it.
     */
    static final List<String> MACROS = List.of(
            macro("lake_json_extract_scalar(j, p)", "CASE WHEN json_valid(j) THEN CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END END"),
            macro("lake_json_extract(j, p)", "CASE WHEN json_valid(j) THEN json_extract(j, p) END"),
            macro("lake_json_array_get(j, i)", "CASE WHEN json_valid(j) THEN CASE WHEN json_type(j) = 'ARRAY' THEN json_extract(j, CASE WHEN i >= 0 THEN '$[' || i || ']' ELSE '$[#' || i || ']' END) END END"),
            macro("lake_json_array_length(j)", "CASE WHEN json_valid(j) THEN CASE WHEN json_type(j) = 'ARRAY' THEN json_array_length(j) END END"),
            macro("lake_json_array_contains(j, v)", "CASE WHEN json_valid(j) THEN CASE WHEN json_type(j) = 'ARRAY' THEN list_contains(json_extract_string(j, '$[*]'), CAST(v AS VARCHAR)) END END"),
            macro("lake_is_json_scalar(j)", "CASE WHEN json_valid(j) THEN json_type(j) NOT IN ('OBJECT', 'ARRAY') END"),
            macro("lake_regexp_extract(s, p)", "CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p) END, (s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END"),
            macro("lake_date_add(u, n, t)", "t + CASE lower(u)"
                    + " WHEN 'millisecond' THEN to_milliseconds(CAST(n AS BIGINT))"
                    + " WHEN 'second' THEN to_seconds(CAST(n AS BIGINT))"
                    + " WHEN 'minute' THEN to_minutes(CAST(n AS BIGINT))"
                    + " WHEN 'hour' THEN to_hours(CAST(n AS BIGINT))"
                    + " WHEN 'day' THEN to_days(CAST(n AS INTEGER))"
                    + " WHEN 'week' THEN to_weeks(CAST(n AS INTEGER))"
                    + " WHEN 'month' THEN to_months(CAST(n AS INTEGER))"
                    + " WHEN 'quarter' THEN to_months(CAST(n * 3 AS INTEGER))"
                    + " WHEN 'year' THEN to_years(CAST(n AS INTEGER))"
                    + " ELSE error('date_add''s unit ' || u || ' is not one of millisecond, second, minute, hour, day, week, month, quarter, year') END"),
            macro("lake_to_iso8601(t)", "CASE WHEN typeof(t) = 'DATE' THEN strftime(CAST(t AS DATE), '%Y-%m-%d')"
                    + " WHEN typeof(t) = 'TIMESTAMP WITH TIME ZONE' THEN strftime(timezone('UTC', CAST(t AS TIMESTAMPTZ)), '%Y-%m-%dT%H:%M:%S.%gZ')"
                    + " ELSE strftime(CAST(t AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%g') END"),
            macro("lake_from_iso8601_timestamp(s)", "CAST(s AS TIMESTAMPTZ)"),
            macro("lake_approx_distinct(x)", "count(DISTINCT x)"),
            macro("lake_millisecond(t)", "millisecond(t) % 1000"),
            macro("lake_array_position(a, x)", "coalesce(list_position(a, x), 0)"),
            macro("lake_slice(a, s, n)", "list_slice(a, s, s + n - 1)"),
            macro("lake_json_size(j, p)", "CASE WHEN json_valid(j) THEN CASE json_type(j, p) WHEN 'ARRAY' THEN json_array_length(j, p)"
                    + " WHEN 'OBJECT' THEN len(json_keys(j, p)) ELSE 0 END END"),
            macro("lake_json_exists(j, p)", "CASE WHEN json_valid(j) THEN json_exists(j, p) END"),
            macro("lake_url_extract_protocol(u)", "lake_regexp_extract(u, '^([A-Za-z][A-Za-z0-9+.-]*):', 1)"),
            macro("lake_url_extract_host(u)", "lake_regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/:?#]*)', 1)"),
            macro("lake_url_extract_port(u)", "CAST(lake_regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?[^/:?#]*:([0-9]+)', 1) AS BIGINT)"),
            macro("lake_url_extract_path(u)", "lake_regexp_extract(u, '^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)?([^?#]*)', 1)"),
            macro("lake_url_extract_query(u)", "lake_regexp_extract(u, '\\?([^#]*)', 1)"),
            macro("lake_url_extract_fragment(u)", "lake_regexp_extract(u, '#(.*)$', 1)"));

    /** Functions the translator writes for syntax rather than for a call (listagg's WITHIN GROUP). */
    private static final Set<String> SYNTAX_FUNCTIONS = Set.of("string_agg");

    private static final Map<String, Rule> RULES = new HashMap<>();
    private static final Set<String> EMITTED = new HashSet<>();

    static {
        // aggregates
        same("count", 0, 1);
        same("sum", 1, 1);
        same("avg", 1, 1);
        same("min", 1, 2);
        same("max", 1, 2);
        same("count_if", 1, 1);
        same("arbitrary", 1, 1);
        same("any_value", 1, 1);
        same("array_agg", 1, 1);
        same("min_by", 2, 3);
        same("max_by", 2, 3);
        same("bool_and", 1, 1);
        same("bool_or", 1, 1);
        rename("every", "bool_and", 1, 1);
        for (String name : List.of("stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "histogram", "geometric_mean")) {
            same(name, 1, 1);
        }
        for (String name : List.of("corr", "covar_samp", "covar_pop", "regr_slope", "regr_intercept")) {
            same(name, 2, 2);
        }
        // Trino's estimate; the exact count is within any error bound
        add("approx_distinct", 1, 2, call -> "lake_approx_distinct(" + call.argument(0) + ")", "lake_approx_distinct");
        // a value of the data at the percentile, as Trino's estimate answers (no interpolation)
        rename("approx_percentile", "quantile_disc", 2, 2);

        // window functions
        for (String name : List.of("row_number", "rank", "dense_rank", "percent_rank", "cume_dist")) {
            same(name, 0, 0);
        }
        same("ntile", 1, 1);
        same("lag", 1, 3);
        same("lead", 1, 3);
        same("first_value", 1, 1);
        same("last_value", 1, 1);
        same("nth_value", 2, 2);

        // conditional
        same("coalesce", 1, Integer.MAX_VALUE);
        same("nullif", 2, 2);
        add("if", 2, 3, call -> "if(" + call.joined() + (call.arguments().size() == 2 ? ", NULL)" : ")"), "if");
        same("try", 1, 1);
        same("greatest", 1, Integer.MAX_VALUE);
        same("least", 1, Integer.MAX_VALUE);
        same("typeof", 1, 1);
        same("uuid", 0, 0);

        // strings
        for (String name : List.of("lower", "upper", "length", "reverse", "ltrim", "rtrim", "chr")) {
            same(name, 1, 1);
        }
        same("trim", 1, 2);
        same("lpad", 3, 3);
        same("rpad", 3, 3);
        add("replace", 2, 3, call -> "replace(" + call.joined() + (call.arguments().size() == 2 ? ", '')" : ")"), "replace");
        same("substr", 2, 3);
        same("substring", 1, 3);
        same("strpos", 2, 2);
        same("position", 1, 1);
        same("split_part", 3, 3);
        rename("split", "str_split", 2, 2);
        same("starts_with", 2, 2);
        same("concat_ws", 2, Integer.MAX_VALUE);
        same("translate", 3, 3);
        // Trino's concat is NULL when any argument is, as || is in both engines
        add("concat", 1, Integer.MAX_VALUE, call -> "(" + String.join(" || ", call.arguments()) + ")");
        rename("levenshtein_distance", "levenshtein", 2, 2);
        rename("hamming_distance", "hamming", 2, 2);
        rename("codepoint", "unicode", 1, 1);
        rename("to_utf8", "encode", 1, 1);
        rename("from_utf8", "decode", 1, 1);
        rename("regexp_like", "regexp_matches", 2, 2);
        // DuckDB answers '' where Trino answers NULL for no match
        rename("regexp_extract", "lake_regexp_extract", 2, 3);
        same("regexp_extract_all", 2, 3);
        rename("regexp_split", "regexp_split_to_array", 2, 2);
        add("regexp_replace", 2, 3, TrinoFunctions::regexpReplace, "regexp_replace");

        // numbers
        for (String name : List.of("abs", "ceil", "ceiling", "floor", "sqrt", "cbrt", "exp", "ln", "log2", "log10", "sign",
                "degrees", "radians", "sin", "cos", "tan", "asin", "acos", "atan")) {
            same(name, 1, 1);
        }
        same("round", 1, 2);
        same("log", 2, 2);
        same("power", 2, 2);
        same("pow", 2, 2);
        same("mod", 2, 2);
        same("atan2", 2, 2);
        same("pi", 0, 0);
        rename("truncate", "trunc", 1, 1);
        rename("rand", "random", 0, 0);
        same("random", 0, 0);
        rename("is_nan", "isnan", 1, 1);
        rename("is_finite", "isfinite", 1, 1);
        rename("is_infinite", "isinf", 1, 1);
        add("nan", 0, 0, call -> "CAST('NaN' AS DOUBLE)");
        add("infinity", 0, 0, call -> "CAST('Infinity' AS DOUBLE)");
        add("e", 0, 0, call -> "exp(1)", "exp");

        // dates and times (DuckDB's session time zone is UTC, as Lake's is)
        same("date_trunc", 2, 2);
        rename("date_add", "lake_date_add", 3, 3);
        // Trino counts whole units elapsed, as DuckDB's date_sub does (DuckDB's date_diff counts boundaries crossed)
        rename("date_diff", "date_sub", 3, 3);
        add("date_format", 2, 2, call -> "strftime(%s, %s)".formatted(call.argument(0),
                SqlToken.quoteString(DateTimeFormats.fromMysql(call.requireLiteral(1, "format"), call.name()))), "strftime");
        add("date_parse", 2, 2, call -> "strptime(%s, %s)".formatted(call.argument(0),
                SqlToken.quoteString(DateTimeFormats.fromMysql(call.requireLiteral(1, "format"), call.name()))), "strptime");
        add("format_datetime", 2, 2, call -> "strftime(%s, %s)".formatted(call.argument(0),
                SqlToken.quoteString(DateTimeFormats.fromJoda(call.requireLiteral(1, "format"), call.name()))), "strftime");
        add("parse_datetime", 2, 2, call -> "strptime(%s, %s)".formatted(call.argument(0),
                SqlToken.quoteString(DateTimeFormats.fromJoda(call.requireLiteral(1, "format"), call.name()))), "strptime");
        rename("from_iso8601_timestamp", "lake_from_iso8601_timestamp", 1, 1);
        add("from_iso8601_date", 1, 1, call -> "CAST(" + call.argument(0) + " AS DATE)");
        add("date", 1, 1, call -> "CAST(" + call.argument(0) + " AS DATE)");
        rename("to_iso8601", "lake_to_iso8601", 1, 1);
        rename("from_unixtime", "to_timestamp", 1, 1);
        rename("to_unixtime", "epoch", 1, 1);
        for (String name : List.of("year", "quarter", "month", "day", "hour", "minute", "second")) {
            same(name, 1, 1);
        }
        rename("day_of_month", "day", 1, 1);
        rename("day_of_week", "isodow", 1, 1);
        rename("dow", "isodow", 1, 1);
        rename("day_of_year", "dayofyear", 1, 1);
        rename("doy", "dayofyear", 1, 1);
        rename("week", "weekofyear", 1, 1);
        rename("week_of_year", "weekofyear", 1, 1);
        rename("year_of_week", "isoyear", 1, 1);
        rename("yow", "isoyear", 1, 1);
        rename("millisecond", "lake_millisecond", 1, 1);
        rename("last_day_of_month", "last_day", 1, 1);
        same("now", 0, 0);
        add("current_timezone", 0, 0, call -> "'UTC'");

        // arrays and maps
        // Trino's element_at is NULL for a missing key or an index past the end; so is DuckDB's subscript
        // (DuckDB's own element_at answers a map's value as a list)
        add("element_at", 2, 2, call -> "(%s)[%s]".formatted(call.argument(0), call.argument(1)));
        same("cardinality", 1, 1);
        rename("contains", "list_contains", 2, 2);
        rename("array_join", "array_to_string", 2, 2);
        rename("array_distinct", "list_distinct", 1, 1);
        rename("array_sort", "list_sort", 1, 1);
        rename("array_max", "list_max", 1, 1);
        rename("array_min", "list_min", 1, 1);
        rename("array_position", "lake_array_position", 2, 2);
        rename("slice", "lake_slice", 3, 3);
        same("flatten", 1, 1);
        rename("sequence", "generate_series", 2, 3);
        rename("arrays_overlap", "list_has_any", 2, 2);
        rename("transform", "list_transform", 2, 2);
        rename("filter", "list_filter", 2, 2);
        add("any_match", 2, 2, call -> "coalesce(list_bool_or(list_transform(%s)), false)".formatted(call.joined()), "list_bool_or", "list_transform");
        add("all_match", 2, 2, call -> "coalesce(list_bool_and(list_transform(%s)), true)".formatted(call.joined()), "list_bool_and", "list_transform");
        add("none_match", 2, 2, call -> "NOT coalesce(list_bool_or(list_transform(%s)), false)".formatted(call.joined()), "list_bool_or", "list_transform");
        same("map", 0, 2);
        same("map_keys", 1, 1);
        same("map_values", 1, 1);
        same("map_from_entries", 1, 1);
        same("row", 1, Integer.MAX_VALUE);

        // JSON (Trino answers NULL for text that is not JSON; DuckDB would fail the query)
        rename("json_extract_scalar", "lake_json_extract_scalar", 2, 2);
        rename("json_extract", "lake_json_extract", 2, 2);
        rename("json_parse", "json", 1, 1);
        add("json_format", 1, 1, call -> "CAST(" + call.argument(0) + " AS VARCHAR)");
        rename("json_array_get", "lake_json_array_get", 2, 2);
        rename("json_array_length", "lake_json_array_length", 1, 1);
        rename("json_array_contains", "lake_json_array_contains", 2, 2);
        rename("is_json_scalar", "lake_is_json_scalar", 1, 1);
        rename("json_size", "lake_json_size", 2, 2);
        // SQL/JSON path functions in their plain form: a literal path with an optional lax/strict mode
        add("json_value", 2, 2, call -> "lake_json_extract_scalar(%s, %s)".formatted(call.argument(0), jsonPath(call)), "lake_json_extract_scalar");
        add("json_query", 2, 2, call -> "lake_json_extract(%s, %s)".formatted(call.argument(0), jsonPath(call)), "lake_json_extract");
        add("json_exists", 2, 2, call -> "lake_json_exists(%s, %s)".formatted(call.argument(0), jsonPath(call)), "lake_json_exists");

        // more arrays and maps
        rename("array_intersect", "list_intersect", 2, 2);
        add("array_union", 2, 2, call -> "list_distinct((%s) || (%s))".formatted(call.argument(0), call.argument(1)), "list_distinct");
        add("array_except", 2, 2, call -> "list_filter(%s, lambda lake_element: NOT list_contains(%s, lake_element))".formatted(call.argument(0), call.argument(1)),
                "list_filter", "list_contains");
        add("array_remove", 2, 2, call -> "list_filter(%s, lambda lake_element: lake_element IS DISTINCT FROM (%s))".formatted(call.argument(0), call.argument(1)),
                "list_filter");
        add("map_agg", 2, 2, call -> "map_from_entries(list(struct_pack(k := %s, v := %s)))".formatted(call.argument(0), call.argument(1)),
                "map_from_entries", "list", "struct_pack");

        // time zones: Lake's session zone is UTC
        add("at_timezone", 2, 2, call -> "timezone(%s, CAST(%s AS TIMESTAMP WITH TIME ZONE))".formatted(call.argument(1), call.argument(0)), "timezone");
        add("with_timezone", 2, 2, call -> "timezone(%s, CAST(%s AS TIMESTAMP))".formatted(call.argument(1), call.argument(0)), "timezone");

        // binary and URLs
        same("to_base64", 1, 1);
        same("from_base64", 1, 1);
        for (String part : List.of("protocol", "host", "port", "path", "query", "fragment")) {
            rename("url_extract_" + part, "lake_url_extract_" + part, 1, 1);
        }
    }

    private static String jsonPath(Call call)
    {
        String path = call.requireLiteral(1, "path").strip();
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.startsWith("lax ")) {
            path = path.substring(4).strip();
        }
        else if (lower.startsWith("strict ")) {
            path = path.substring(7).strip();
        }
        return SqlToken.quoteString(path);
    }

    private TrinoFunctions() {}

    /** The rule for a Trino function, by name in any case. */
    static Optional<Rule> rule(String name)
    {
        return Optional.ofNullable(RULES.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The names of the Trino functions this class translates. */
    static Set<String> trinoNames()
    {
        return Set.copyOf(RULES.keySet());
    }

    /** The DuckDB functions and macros the translations call. */
    static Set<String> emittedNames()
    {
        Set<String> names = new HashSet<>(EMITTED);
        names.addAll(SYNTAX_FUNCTIONS);
        names.addAll(MACROS.stream().map(TrinoFunctions::macroName).collect(Collectors.toSet()));
        return Set.copyOf(names);
    }

    private static String regexpReplace(Call call)
    {
        if (call.arguments().size() == 2) {
            return "regexp_replace(%s, %s, '', 'g')".formatted(call.argument(0), call.argument(1));
        }
        String replacement = call.requireLiteral(2, "replacement");
        return "regexp_replace(%s, %s, %s, 'g')".formatted(call.argument(0), call.argument(1), SqlToken.quoteString(re2Replacement(replacement)));
    }

    /** Trino's replacement ({@code $1} for a group, {@code \$} for a dollar) in RE2's syntax ({@code \1}, {@code \\}). */
    static String re2Replacement(String replacement)
    {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\' && i + 1 < replacement.length() && replacement.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            }
            else if (c == '$' && i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
                out.append('\\').append(replacement.charAt(++i));
            }
            else if (c == '\\') {
                out.append("\\\\");
            }
            else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void same(String name, int min, int max)
    {
        rename(name, name, min, max);
    }

    private static void rename(String name, String duckDbName, int min, int max)
    {
        add(name, min, max, call -> duckDbName + "(" + call.joined() + ")", duckDbName);
    }

    private static void add(String name, int min, int max, Translation translation, String... emitted)
    {
        RULES.put(name, new Rule(min, max, translation));
        EMITTED.addAll(List.of(emitted));
    }

    private static String macro(String signature, String body)
    {
        return "CREATE OR REPLACE TEMPORARY MACRO " + signature + " AS " + body;
    }

    private static String macroName(String statement)
    {
        String rest = statement.substring("CREATE OR REPLACE TEMPORARY MACRO ".length());
        return rest.substring(0, rest.indexOf('('));
    }
}
