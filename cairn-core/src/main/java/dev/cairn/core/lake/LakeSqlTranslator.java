package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.lake.SqlNode.Group;
import dev.cairn.core.lake.SqlNode.Leaf;
import dev.cairn.core.lake.SqlToken.Kind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites one Lake query's bracket tree into DuckDB SQL, node by node: function calls through
 * {@link TrinoFunctions}, CAST types, EXTRACT fields, Trino's lambdas ({@code x -> ...}) as DuckDB's
 * ({@code lambda x: ...}), UNNEST with several columns, and every table reference after FROM, JOIN or a comma of a
 * FROM clause through the {@link TableResolver}. Anything else is copied as written. Not thread-safe: one instance
 * translates one query.
 */
final class LakeSqlTranslator
{
    /** Words after which a bracket is not a function's arguments. */
    private static final Set<String> NOT_FUNCTIONS = Set.of(
            "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "EXISTS", "AS", "ON", "USING", "JOIN", "WHEN", "THEN",
            "ELSE", "CASE", "END", "OVER", "FILTER", "GROUP", "BY", "HAVING", "VALUES", "UNION", "ALL", "DISTINCT",
            "INTERSECT", "EXCEPT", "LATERAL", "ANY", "SOME", "IS", "LIKE", "BETWEEN", "ROLLUP", "CUBE", "SETS", "LIMIT",
            "OFFSET", "RECURSIVE", "WITH", "ARRAY", "ORDER", "PARTITION", "WITHIN", "ESCAPE", "INTERVAL");

    /** Words that end a FROM clause. */
    private static final Set<String> AFTER_FROM = Set.of(
            "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "WINDOW", "FETCH", "SELECT");

    /** Words that cannot be a table's alias: they continue the FROM clause or end it. */
    private static final Set<String> NOT_ALIASES = Set.of(
            "JOIN", "ON", "USING", "CROSS", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "NATURAL", "WHERE", "GROUP", "HAVING",
            "ORDER", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "WINDOW", "FETCH", "TABLESAMPLE", "WITH", "SELECT", "FROM");

    /** Words a table reference cannot be. */
    private static final Set<String> RESERVED = Set.of(
            "SELECT", "FROM", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "JOIN", "ON", "USING", "UNION", "INTERSECT",
            "EXCEPT", "CROSS", "INNER", "LEFT", "RIGHT", "FULL", "NATURAL", "AS", "AND", "OR", "NOT", "WITH", "VALUES",
            "TABLE", "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "BY", "OFFSET", "WINDOW", "FETCH");

    /** The event table's MAP columns: UNNEST of one of them gives key and value columns, as in Trino. */
    private static final Set<String> MAP_COLUMNS = Set.of("requestparameters", "responseelements", "additionaleventdata", "attributes");

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern ARN = Pattern.compile("arn:[^:]+:cloudtrail:[^:]*:[^:]*:eventdatastore/(.+)", Pattern.CASE_INSENSITIVE);

    private final TableResolver resolver;
    private final Set<String> cteNames = new HashSet<>();
    private final Set<String> storeIds = new LinkedHashSet<>();
    private final Set<String> viewNames = new LinkedHashSet<>();

    LakeSqlTranslator(TableResolver resolver)
    {
        this.resolver = requireNonNull(resolver, "resolver is null");
    }

    String translate(List<SqlNode> statement)
    {
        collectCteNames(statement);
        return sequence(statement, true, false).strip();
    }

    Set<String> storeIds()
    {
        return storeIds;
    }

    /** The DuckDB names of the tables the translation reads: the stores' views and the query's CTEs. */
    Set<String> tableNames()
    {
        Set<String> names = new HashSet<>(viewNames);
        names.addAll(cteNames);
        return names;
    }

    private void collectCteNames(List<SqlNode> items)
    {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Group group) {
                collectCteNames(group.items());
            }
            else if (word(items, i, "WITH")) {
                int j = i + 1;
                if (word(items, j, "RECURSIVE")) {
                    j++;
                }
                while (j < items.size() && items.get(j) instanceof Leaf name && (name.token().kind() == Kind.WORD || name.token().kind() == Kind.QUOTED)) {
                    if (!PLAIN_NAME.matcher(name.token().text()).matches()) {
                        // DuckDB reads a file for a table name such as "x.csv" that nothing else defines
                        throw SqlTokenizer.invalid("WITH names a query %s; give it a name of letters, digits and underscores, such as recent_events"
                                .formatted(name.token().sql()));
                    }
                    cteNames.add(name.token().text().toLowerCase(Locale.ROOT));
                    j++;
                    if (j < items.size() && items.get(j) instanceof Group) {
                        j++;
                    }
                    if (!word(items, j, "AS") || !(j + 1 < items.size() && items.get(j + 1) instanceof Group)) {
                        break;
                    }
                    j += 2;
                    if (!symbol(items, j, ",")) {
                        break;
                    }
                    j++;
                }
            }
        }
    }

    /**
     * @param query whether the items are a query (SELECT ..., WITH ..., VALUES ...): then FROM clauses hold tables
     * @param inFrom whether the items start inside a FROM clause (a parenthesized join)
     */
    private String sequence(List<SqlNode> items, boolean query, boolean inFrom)
    {
        Output out = new Output();
        boolean expectTable = inFrom;
        for (int i = 0; i < items.size(); i++) {
            SqlNode node = items.get(i);
            if (expectTable) {
                i = tableReference(items, i, out) - 1;
                expectTable = false;
                continue;
            }
            if (node instanceof Group group) {
                if (symbol(items, i + 1, "->") && !group.square()) {
                    out.add(group.spaceBefore(), lambda(group.items()));
                    i++;
                    continue;
                }
                out.add(group.spaceBefore(), group(group));
                continue;
            }
            SqlToken token = ((Leaf) node).token();
            String keyword = token.keyword();
            if (query) {
                if (keyword.equals("WITH")) {
                    i = with(items, i, out) - 1;
                    continue;
                }
                if (keyword.equals("FROM") && !word(items, i - 1, "DISTINCT")) {
                    out.add(token.spaceBefore(), token.sql());
                    inFrom = true;
                    expectTable = true;
                    continue;
                }
                if (AFTER_FROM.contains(keyword)) {
                    inFrom = false;
                }
                if (inFrom && (keyword.equals("JOIN") || token.isSymbol(","))) {
                    out.add(token.spaceBefore(), token.sql());
                    expectTable = true;
                    continue;
                }
            }
            if (keyword.equals("AT") && word(items, i + 1, "TIME") && word(items, i + 2, "ZONE")) {
                // Trino takes a timestamp without a zone as UTC (Lake's session zone) and shows it in the given zone;
                // DuckDB would take it as a local time of that zone: make it a UTC instant first
                if (!out.wrapPrimary(primary -> "CAST(" + primary + " AS TIMESTAMP WITH TIME ZONE)")) {
                    throw SqlTokenizer.invalid("AT TIME ZONE needs a timestamp before it: write ts AT TIME ZONE 'zone'");
                }
                out.add(true, "AT TIME ZONE");
                i += 2;
                continue;
            }
            if (token.kind() == Kind.WORD && symbol(items, i + 1, "->")) {
                out.add(token.spaceBefore(), "lambda " + token.text() + ":");
                i++;
                continue;
            }
            boolean callable = token.kind() == Kind.QUOTED || (token.kind() == Kind.WORD
                    && (!NOT_FUNCTIONS.contains(keyword) || (keyword.equals("FILTER") && !(i > 0 && items.get(i - 1) instanceof Group))));
            if (callable && i + 1 < items.size() && items.get(i + 1) instanceof Group arguments && !arguments.square()) {
                if (symbol(items, i - 1, ".")) {
                    throw SqlTokenizer.invalid("The query calls %s as a qualified function name; call functions by their name alone, such as %s(...)"
                            .formatted(token.text(), token.text()));
                }
                if (keyword.equals("LISTAGG")) {
                    out.add(token.spaceBefore(), listagg(items, i, arguments));
                    i += 4;
                    continue;
                }
                out.add(token.spaceBefore(), switch (keyword) {
                    case "CAST", "TRY_CAST" -> cast(keyword, arguments);
                    case "EXTRACT" -> extract(arguments);
                    default -> call(token, arguments);
                });
                i++;
                continue;
            }
            if (token.isSymbol(":") || token.isSymbol("?") || token.isSymbol(";")) {
                throw SqlTokenizer.invalid("The query has '%s' at character %d where CloudTrail Lake's SQL does not take it: remove it"
                        .formatted(token.text(), token.position() + 1));
            }
            out.add(token.spaceBefore(), token.sql());
        }
        if (expectTable) {
            throw SqlTokenizer.invalid("The query ends where it needs a table: name an event data store ID after FROM or JOIN");
        }
        return out.toString();
    }

    private String group(Group group)
    {
        if (group.square()) {
            return "[" + sequence(group.items(), false, false).strip() + "]";
        }
        return "(" + sequence(group.items(), startsQuery(group.items()), false).strip() + ")";
    }

    private static boolean startsQuery(List<SqlNode> items)
    {
        return word(items, 0, "SELECT") || word(items, 0, "WITH") || word(items, 0, "VALUES");
    }

    private int with(List<SqlNode> items, int i, Output out)
    {
        out.add(items.get(i).spaceBefore(), "WITH");
        int j = i + 1;
        if (word(items, j, "RECURSIVE")) {
            out.add(true, "RECURSIVE");
            j++;
        }
        while (true) {
            if (!(j < items.size() && items.get(j) instanceof Leaf name && (name.token().kind() == Kind.WORD || name.token().kind() == Kind.QUOTED))) {
                throw SqlTokenizer.invalid("WITH needs a name for each query it defines: write WITH name AS (SELECT ...)");
            }
            out.add(true, name.token().sql());
            j++;
            if (j < items.size() && items.get(j) instanceof Group columns) {
                out.add(false, "(" + columnNames(columns) + ")");
                j++;
            }
            if (!word(items, j, "AS") || !(j + 1 < items.size() && items.get(j + 1) instanceof Group body) || !startsQuery(body.items())) {
                throw SqlTokenizer.invalid("WITH %s needs AS (SELECT ...): write WITH name AS (SELECT ...)".formatted(name.token().text()));
            }
            out.add(true, "AS (" + sequence(body.items(), true, false).strip() + ")");
            j += 2;
            if (!symbol(items, j, ",")) {
                return j;
            }
            out.add(false, ",");
            j++;
        }
    }

    /** A table reference at {@code items[i]} with its alias; answers the index after it. */
    private int tableReference(List<SqlNode> items, int i, Output out)
    {
        SqlNode node = items.get(i);
        if (word(items, i, "LATERAL") && i + 1 < items.size() && items.get(i + 1) instanceof Group subquery && startsQuery(subquery.items())) {
            out.add(node.spaceBefore(), "LATERAL " + group(subquery));
            return alias(items, i + 2, out);
        }
        if (word(items, i, "UNNEST") && i + 1 < items.size() && items.get(i + 1) instanceof Group arguments && !arguments.square()) {
            return unnest(items, i, arguments, out);
        }
        if (node instanceof Group group && !group.square()) {
            String inner = startsQuery(group.items())
                    ? sequence(group.items(), true, false)
                    : sequence(group.items(), true, true);
            out.add(group.spaceBefore(), "(" + inner.strip() + ")");
            return alias(items, i + 1, out);
        }
        SqlToken token = node instanceof Leaf leaf ? leaf.token() : null;
        if (token == null || token.kind() == Kind.STRING || token.kind() == Kind.SYMBOL || RESERVED.contains(token.keyword())) {
            String found = token == null ? "a bracket" : token.kind() == Kind.STRING ? "the string '" + token.text() + "'" : "'" + token.text() + "'";
            throw SqlTokenizer.invalid(("The query has %s where a table belongs: a CloudTrail Lake query reads event data stores, "
                    + "so name an event data store ID after FROM or JOIN, such as FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE").formatted(found));
        }
        int end = i + 1;
        StringBuilder name = new StringBuilder(token.text());
        if (token.kind() != Kind.QUOTED) {
            // an unquoted store ID such as a1b2c3d4-5678-90ab-cdef-EXAMPLE11111 is several tokens with nothing between them
            while (end < items.size() && items.get(end) instanceof Leaf next && !next.spaceBefore()
                    && (next.token().kind() == Kind.WORD || next.token().kind() == Kind.NUMBER
                    || next.token().isSymbol("-") || next.token().isSymbol(":") || next.token().isSymbol("/"))) {
                name.append(next.token().text());
                end++;
            }
        }
        if (symbol(items, end, ".")) {
            throw SqlTokenizer.invalid(("The query reads %s.%s, which is not an event data store: a CloudTrail Lake query reads only event data stores, "
                    + "named by their ID after FROM or JOIN").formatted(name, items.get(end + 1) instanceof Leaf part ? part.token().text() : "..."));
        }
        if (end < items.size() && items.get(end) instanceof Group) {
            throw SqlTokenizer.invalid(("The query calls %s(...) in FROM: table functions are not available in CloudTrail Lake; "
                    + "name an event data store ID after FROM or JOIN instead").formatted(name));
        }
        out.add(node.spaceBefore(), table(name.toString(), token.kind()));
        return alias(items, end, out);
    }

    private String table(String name, Kind kind)
    {
        if (cteNames.contains(name.toLowerCase(Locale.ROOT))) {
            return kind == Kind.QUOTED ? SqlToken.quoteIdentifier(name) : name;
        }
        Matcher arn = ARN.matcher(name);
        if (arn.matches()) {
            throw SqlTokenizer.invalid("The query names the event data store by its ARN %s; FROM takes the event data store's ID, the part of the ARN after 'eventdatastore/': write FROM %s"
                    .formatted(name, arn.group(1)));
        }
        Optional<String> storeId = resolver.resolve(name);
        if (storeId.isEmpty()) {
            throw new CairnException(ErrorCode.EVENT_DATA_STORE_NOT_FOUND,
                    ("The query reads %s, which is not an event data store of this account and Region: name an event data store by its ID "
                            + "after FROM or JOIN (aws cloudtrail list-event-data-stores lists them)").formatted(name));
        }
        storeIds.add(storeId.get());
        String view = LakeSql.viewName(storeId.get());
        viewNames.add(view);
        return view;
    }

    /** An optional alias with optional column names at {@code items[i]}; answers the index after it. */
    private int alias(List<SqlNode> items, int i, Output out)
    {
        int j = i;
        if (word(items, j, "AS")) {
            out.add(true, "AS");
            j++;
            if (!(j < items.size() && items.get(j) instanceof Leaf)) {
                throw SqlTokenizer.invalid("AS after a table needs a name: write FROM <event data store ID> AS name");
            }
        }
        if (j < items.size() && items.get(j) instanceof Leaf leaf && isAlias(leaf.token())) {
            out.add(true, leaf.token().sql());
            j++;
            if (j < items.size() && items.get(j) instanceof Group columns && !columns.square()) {
                out.add(false, "(" + columnNames(columns) + ")");
                j++;
            }
        }
        else if (j > i) {
            throw SqlTokenizer.invalid("AS after a table needs a name: write FROM <event data store ID> AS name");
        }
        if (word(items, j, "TABLESAMPLE")) {
            throw SqlTokenizer.invalid("Cairn's Lake does not support TABLESAMPLE: filter the rows with WHERE or LIMIT instead");
        }
        return j;
    }

    private static boolean isAlias(SqlToken token)
    {
        return token.kind() == Kind.QUOTED || (token.kind() == Kind.WORD && !NOT_ALIASES.contains(token.keyword()));
    }

    private static String columnNames(Group columns)
    {
        List<String> names = new ArrayList<>();
        for (List<SqlNode> argument : columns.arguments()) {
            if (argument.size() != 1 || !(argument.get(0) instanceof Leaf leaf) || (leaf.token().kind() != Kind.WORD && leaf.token().kind() != Kind.QUOTED)) {
                throw SqlTokenizer.invalid("A list of column names must hold names only, separated by commas, such as t(name1, name2)");
            }
            names.add(leaf.token().sql());
        }
        return String.join(", ", names);
    }

    /**
     * UNNEST in FROM. One column (with or without ordinality) is DuckDB's UNNEST as written. Several columns, which
     * Trino gives for a map (key, value), for an array of rows (one per field) and for several arrays (zipped), are a
     * lateral subquery of unnest() calls, which DuckDB zips the same way.
     */
    private int unnest(List<SqlNode> items, int i, Group arguments, Output out)
    {
        List<String> values = new ArrayList<>();
        List<Boolean> maps = new ArrayList<>();
        for (List<SqlNode> argument : arguments.arguments()) {
            values.add(sequence(argument, false, false).strip());
            maps.add(isMap(argument));
        }
        if (values.isEmpty()) {
            throw SqlTokenizer.invalid("UNNEST needs an array or a map to expand, such as UNNEST(resources)");
        }
        int j = i + 2;
        boolean ordinality = false;
        if (word(items, j, "WITH") && word(items, j + 1, "ORDINALITY")) {
            ordinality = true;
            j += 2;
        }
        int aliasStart = j;
        Output aliasOut = new Output();
        j = alias(items, j, aliasOut);
        int columns = j > aliasStart && items.get(j - 1) instanceof Group names ? names.arguments().size() : -1;
        boolean simple = values.size() == 1 && !maps.get(0) && (columns < 0 || columns == (ordinality ? 2 : 1));
        if (simple) {
            out.add(items.get(i).spaceBefore(), "UNNEST(" + values.get(0) + ")" + (ordinality ? " WITH ORDINALITY" : "") + aliasOut.prefixed());
            return j;
        }
        int fields = columns - (ordinality ? 1 : 0);
        List<String> selected = new ArrayList<>();
        for (int k = 0; k < values.size(); k++) {
            if (maps.get(k)) {
                selected.add("unnest(map_keys(%s))".formatted(values.get(k)));
                selected.add("unnest(map_values(%s))".formatted(values.get(k)));
            }
            else if (values.size() == 1 && fields > 1) {
                selected.add("unnest(%s, recursive := true)".formatted(values.get(k)));
            }
            else {
                selected.add("unnest(%s)".formatted(values.get(k)));
            }
        }
        if (ordinality) {
            selected.add("generate_subscripts(%s, 1)".formatted(maps.get(0) ? "map_keys(" + values.get(0) + ")" : values.get(0)));
        }
        out.add(items.get(i).spaceBefore(), "LATERAL (SELECT " + String.join(", ", selected) + ")" + aliasOut.prefixed());
        return j;
    }

    private static boolean isMap(List<SqlNode> argument)
    {
        if (argument.isEmpty() || !(argument.get(argument.size() - 1) instanceof Leaf last) || last.token().kind() == Kind.STRING) {
            return argument.size() == 2 && word(argument, 0, "map") && argument.get(1) instanceof Group;
        }
        for (int k = 0; k < argument.size(); k++) {
            SqlNode node = argument.get(k);
            boolean namePosition = k % 2 == 0;
            if (!(node instanceof Leaf leaf) || (namePosition ? leaf.token().kind() != Kind.WORD && leaf.token().kind() != Kind.QUOTED : !leaf.token().isSymbol("."))) {
                return false;
            }
        }
        return MAP_COLUMNS.contains(last.token().text().toLowerCase(Locale.ROOT));
    }

    private String call(SqlToken name, Group arguments)
    {
        TrinoFunctions.Rule rule = TrinoFunctions.rule(name.text()).orElseThrow(() -> SqlTokenizer.invalid(
                ("Cairn's CloudTrail Lake does not support the function %s: use one of the Trino functions it translates "
                        + "(listed in docs/design/lake-sql.md)").formatted(name.text())));
        List<List<SqlNode>> written = arguments.arguments();
        if (written.size() < rule.minArguments() || written.size() > rule.maxArguments()) {
            String expected = rule.minArguments() == rule.maxArguments()
                    ? String.valueOf(rule.minArguments())
                    : rule.maxArguments() == Integer.MAX_VALUE ? "at least " + rule.minArguments() : rule.minArguments() + " to " + rule.maxArguments();
            throw SqlTokenizer.invalid("The function %s takes %s arguments, not %d: correct the call".formatted(name.text(), expected, written.size()));
        }
        List<String> translated = new ArrayList<>();
        for (List<SqlNode> argument : written) {
            if (argument.isEmpty()) {
                throw SqlTokenizer.invalid("The call of %s has an empty argument: remove the extra comma".formatted(name.text()));
            }
            translated.add(sequence(argument, false, false).strip());
        }
        return rule.translation().translate(new TrinoFunctions.Call(name.text().toLowerCase(Locale.ROOT), translated, written));
    }

    /** {@code listagg(x[, separator]) WITHIN GROUP (ORDER BY ...)} as {@code string_agg(x, separator ORDER BY ...)}. */
    private String listagg(List<SqlNode> items, int i, Group arguments)
    {
        if (!word(items, i + 2, "WITHIN") || !word(items, i + 3, "GROUP") || !(i + 4 < items.size() && items.get(i + 4) instanceof Group order)
                || !word(order.items(), 0, "ORDER")) {
            throw SqlTokenizer.invalid("listagg needs its order: write listagg(x, ',') WITHIN GROUP (ORDER BY y)");
        }
        List<List<SqlNode>> written = arguments.arguments();
        if (written.isEmpty() || written.size() > 2 || written.stream().anyMatch(List::isEmpty)) {
            throw SqlTokenizer.invalid("listagg takes a value and an optional separator: write listagg(x, ',') WITHIN GROUP (ORDER BY y)");
        }
        String separator = written.size() == 2 ? sequence(written.get(1), false, false).strip() : "''";
        return "string_agg(" + sequence(written.get(0), false, false).strip() + ", " + separator + " " + sequence(order.items(), false, false).strip() + ")";
    }

    private String cast(String keyword, Group arguments)
    {
        List<SqlNode> items = arguments.items();
        int as = -1;
        for (int k = items.size() - 1; k >= 0; k--) {
            if (word(items, k, "AS")) {
                as = k;
                break;
            }
        }
        if (as <= 0 || as == items.size() - 1) {
            throw SqlTokenizer.invalid("%s needs a value and a type: write %s(value AS type)".formatted(keyword, keyword));
        }
        String value = sequence(items.subList(0, as), false, false).strip();
        return keyword + "(" + value + " AS " + type(items.subList(as + 1, items.size())) + ")";
    }

    /** A Trino type as DuckDB's. */
    private static String type(List<SqlNode> items)
    {
        int[] index = {0};
        String type = type(items, index);
        if (index[0] != items.size()) {
            throw unknownType(items);
        }
        return type;
    }

    private static String type(List<SqlNode> items, int[] index)
    {
        if (!(index[0] < items.size() && items.get(index[0]) instanceof Leaf leaf && leaf.token().kind() == Kind.WORD)) {
            throw unknownType(items);
        }
        String name = leaf.token().keyword();
        index[0]++;
        Group parameters = index[0] < items.size() && items.get(index[0]) instanceof Group group && !group.square() ? group : null;
        if (parameters != null) {
            index[0]++;
        }
        return switch (name) {
            case "VARCHAR", "CHAR" -> "VARCHAR";
            case "BIGINT", "INTEGER", "INT", "SMALLINT", "TINYINT", "REAL", "BOOLEAN", "DATE", "JSON", "UUID" -> noParameters(name, parameters, items);
            case "DOUBLE" -> {
                if (word(items, index[0], "PRECISION")) {
                    index[0]++;
                }
                yield noParameters(name, parameters, items);
            }
            case "VARBINARY" -> noParameters("BLOB", parameters, items);
            case "DECIMAL" -> parameters == null ? "DECIMAL" : "DECIMAL(" + numbers(parameters, items) + ")";
            case "TIMESTAMP", "TIME" -> {
                boolean zone = false;
                if (word(items, index[0], "WITH") && word(items, index[0] + 1, "TIME") && word(items, index[0] + 2, "ZONE")) {
                    zone = true;
                    index[0] += 3;
                }
                else if (word(items, index[0], "WITHOUT") && word(items, index[0] + 1, "TIME") && word(items, index[0] + 2, "ZONE")) {
                    index[0] += 3;
                }
                if (parameters != null) {
                    numbers(parameters, items);
                }
                yield name + (zone ? " WITH TIME ZONE" : "");
            }
            case "ARRAY" -> {
                if (parameters == null) {
                    throw unknownType(items);
                }
                yield type(parameters.items()) + "[]";
            }
            case "MAP" -> {
                List<List<SqlNode>> kv = parameters == null ? List.of() : parameters.arguments();
                if (kv.size() != 2) {
                    throw unknownType(items);
                }
                yield "MAP(" + type(kv.get(0)) + ", " + type(kv.get(1)) + ")";
            }
            case "ROW" -> {
                if (parameters == null) {
                    throw unknownType(items);
                }
                List<String> fields = new ArrayList<>();
                for (List<SqlNode> field : parameters.arguments()) {
                    if (field.size() < 2 || !(field.get(0) instanceof Leaf fieldName) || (fieldName.token().kind() != Kind.WORD && fieldName.token().kind() != Kind.QUOTED)) {
                        throw unknownType(items);
                    }
                    fields.add(fieldName.token().sql() + " " + type(field.subList(1, field.size())));
                }
                yield "STRUCT(" + String.join(", ", fields) + ")";
            }
            default -> throw unknownType(items);
        };
    }

    private static String noParameters(String name, Group parameters, List<SqlNode> items)
    {
        if (parameters != null) {
            throw unknownType(items);
        }
        return name;
    }

    private static String numbers(Group parameters, List<SqlNode> items)
    {
        List<String> numbers = new ArrayList<>();
        for (List<SqlNode> argument : parameters.arguments()) {
            if (argument.size() != 1 || !(argument.get(0) instanceof Leaf leaf) || leaf.token().kind() != Kind.NUMBER) {
                throw unknownType(items);
            }
            numbers.add(leaf.token().text());
        }
        return String.join(", ", numbers);
    }

    private static CairnException unknownType(List<SqlNode> items)
    {
        StringBuilder written = new StringBuilder();
        for (SqlNode node : items) {
            written.append(node instanceof Leaf leaf ? leaf.token().text() : "(...)").append(' ');
        }
        return SqlTokenizer.invalid(("Cairn's CloudTrail Lake cannot cast to %s: use varchar, bigint, integer, smallint, tinyint, double, real, "
                + "boolean, decimal(p, s), date, time, timestamp, timestamp with time zone, json, uuid, varbinary, array(T), map(K, V) or row(name T, ...)")
                .formatted(written.toString().strip()));
    }

    private String extract(Group arguments)
    {
        List<SqlNode> items = arguments.items();
        if (items.size() < 3 || !(items.get(0) instanceof Leaf field) || field.token().kind() != Kind.WORD || !word(items, 1, "FROM")) {
            throw SqlTokenizer.invalid("EXTRACT needs a field and a value: write EXTRACT(field FROM value)");
        }
        String duckDbField = switch (field.token().keyword()) {
            case "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "TIMEZONE_HOUR", "TIMEZONE_MINUTE" -> field.token().keyword();
            case "DAY_OF_MONTH" -> "DAY";
            case "DAY_OF_WEEK", "DOW" -> "ISODOW";
            case "DAY_OF_YEAR", "DOY" -> "DOY";
            case "YEAR_OF_WEEK", "YOW" -> "ISOYEAR";
            default -> throw SqlTokenizer.invalid(("EXTRACT cannot take the field %s: use YEAR, QUARTER, MONTH, WEEK, DAY, DAY_OF_MONTH, DAY_OF_WEEK, DOW, "
                    + "DAY_OF_YEAR, DOY, YEAR_OF_WEEK, YOW, HOUR, MINUTE or SECOND").formatted(field.token().text()));
        };
        return "EXTRACT(" + duckDbField + " FROM " + sequence(items.subList(2, items.size()), false, false).strip() + ")";
    }

    private static String lambda(List<SqlNode> parameters)
    {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < parameters.size(); k++) {
            SqlNode node = parameters.get(k);
            boolean namePosition = k % 2 == 0;
            if (!(node instanceof Leaf leaf) || (namePosition ? leaf.token().kind() != Kind.WORD : !leaf.token().isSymbol(","))) {
                throw SqlTokenizer.invalid("A lambda's parameters must be names, such as (x, y) -> x + y");
            }
            if (namePosition) {
                names.add(leaf.token().text());
            }
        }
        return "lambda " + String.join(", ", names) + ":";
    }

    private static boolean word(List<SqlNode> items, int index, String word)
    {
        return index >= 0 && index < items.size() && items.get(index) instanceof Leaf leaf && leaf.token().isWord(word);
    }

    private static boolean symbol(List<SqlNode> items, int index, String symbol)
    {
        return index >= 0 && index < items.size() && items.get(index) instanceof Leaf leaf && leaf.token().isSymbol(symbol);
    }

    /** Text with a space wherever the query had one, and around what the translation adds. */
    private static final class Output
    {
        private final List<String> pieces = new ArrayList<>();
        private final List<Boolean> spaces = new ArrayList<>();

        void add(boolean spaceBefore, String piece)
        {
            pieces.add(piece);
            spaces.add(spaceBefore);
        }

        /**
         * Replaces the primary expression that ends the text (a name with its {@code .field}s and
         * {@code [subscript]}s, a call, a bracket, or a literal such as {@code TIMESTAMP '...'}) by what
         * {@code wrap} makes of it; false when the text ends in no primary.
         */
        boolean wrapPrimary(UnaryOperator<String> wrap)
        {
            if (pieces.isEmpty()) {
                return false;
            }
            int start = pieces.size() - 1;
            while (start > 0 && pieces.get(start).startsWith("[") && !spaces.get(start)) {
                start--;
            }
            while (start >= 2 && pieces.get(start - 1).equals(".")) {
                start -= 2;
                while (start > 0 && pieces.get(start).startsWith("[") && !spaces.get(start)) {
                    start--;
                }
            }
            if (start > 0 && pieces.get(start).startsWith("'") && List.of("TIMESTAMP", "DATE", "TIME").contains(pieces.get(start - 1).toUpperCase(Locale.ROOT))) {
                start--;
            }
            String first = pieces.get(start);
            if (first.isEmpty() || first.equals(".") || first.startsWith("[") || "+-*/%=<>!|,".contains(first.substring(0, 1))
                    || RESERVED.contains(first.toUpperCase(Locale.ROOT)) || NOT_FUNCTIONS.contains(first.toUpperCase(Locale.ROOT))) {
                return false;
            }
            StringBuilder primary = new StringBuilder();
            for (int k = start; k < pieces.size(); k++) {
                if (k > start && spaces.get(k)) {
                    primary.append(' ');
                }
                primary.append(pieces.get(k));
            }
            pieces.subList(start, pieces.size()).clear();
            boolean space = spaces.get(start);
            spaces.subList(start, spaces.size()).clear();
            add(space, wrap.apply(primary.toString()));
            return true;
        }

        /** The text after a space, or nothing when there is none. */
        String prefixed()
        {
            String text = toString();
            return text.isEmpty() ? "" : " " + text;
        }

        @Override
        public String toString()
        {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < pieces.size(); k++) {
                if (spaces.get(k) && !text.isEmpty()) {
                    text.append(' ');
                }
                text.append(pieces.get(k));
            }
            return text.toString();
        }
    }
}
