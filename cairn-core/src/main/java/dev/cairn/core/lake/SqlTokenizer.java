package dev.cairn.core.lake;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.lake.SqlToken.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Lake query into tokens as Trino reads them: string literals with {@code ''} escapes, double-quoted
 * identifiers with {@code ""} escapes, {@code --} and {@code /* *}{@code /} comments (dropped), numbers, words and
 * Trino's operators. Characters Trino's grammar has no use for (such as {@code $}, {@code ::}, {@code @}, braces)
 * end the query with {@code InvalidQueryStatementException}, so nothing DuckDB-only gets through.
 */
final class SqlTokenizer
{
    private static final List<String> TWO_CHARACTER_SYMBOLS = List.of("<=", ">=", "<>", "!=", "||", "->");
    private static final String ONE_CHARACTER_SYMBOLS = "()[],.;+-*/%=<>?:";

    private final String sql;
    private final List<SqlToken> tokens = new ArrayList<>();
    private int index;
    private boolean spaceBefore;

    private SqlTokenizer(String sql)
    {
        this.sql = sql;
    }

    static List<SqlToken> tokenize(String sql)
    {
        SqlTokenizer tokenizer = new SqlTokenizer(sql);
        tokenizer.run();
        return List.copyOf(tokenizer.tokens);
    }

    private void run()
    {
        while (index < sql.length()) {
            char c = sql.charAt(index);
            if (Character.isWhitespace(c)) {
                index++;
                spaceBefore = true;
            }
            else if (sql.startsWith("--", index)) {
                int end = sql.indexOf('\n', index);
                index = end < 0 ? sql.length() : end + 1;
                spaceBefore = true;
            }
            else if (sql.startsWith("/*", index)) {
                int end = sql.indexOf("*/", index + 2);
                if (end < 0) {
                    throw invalid("The query has a comment that starts with /* at character %d and never ends: close it with */".formatted(index + 1));
                }
                index = end + 2;
                spaceBefore = true;
            }
            else if (c == '\'') {
                int start = index;
                add(Kind.STRING, quoted('\'', "string literal"), start);
            }
            else if (c == '"') {
                int start = index;
                add(Kind.QUOTED, quoted('"', "quoted identifier"), start);
            }
            else if (Character.isDigit(c) || (c == '.' && index + 1 < sql.length() && Character.isDigit(sql.charAt(index + 1)))) {
                number();
            }
            else if (Character.isLetter(c) || c == '_') {
                int start = index;
                while (index < sql.length() && isWordCharacter(sql.charAt(index))) {
                    index++;
                }
                add(Kind.WORD, sql.substring(start, index), start);
            }
            else {
                symbol(c);
            }
        }
    }

    private void number()
    {
        int start = index;
        consumeWordCharacters();
        if (index + 1 < sql.length() && sql.charAt(index) == '.' && Character.isDigit(sql.charAt(index + 1))) {
            index++;
            consumeWordCharacters();
        }
        else if (index < sql.length() && sql.charAt(index) == '.' && sql.substring(start, index).chars().allMatch(Character::isDigit)) {
            // "1." is a number in Trino; "1.arn" is not, but then neither engine takes it
            index++;
        }
        char last = sql.charAt(index - 1);
        if ((last == 'e' || last == 'E') && index + 1 < sql.length()
                && (sql.charAt(index) == '+' || sql.charAt(index) == '-') && Character.isDigit(sql.charAt(index + 1))) {
            index++;
            consumeWordCharacters();
        }
        add(Kind.NUMBER, sql.substring(start, index), start);
    }

    private void consumeWordCharacters()
    {
        while (index < sql.length() && isWordCharacter(sql.charAt(index))) {
            index++;
        }
    }

    private void symbol(char c)
    {
        int start = index;
        for (String symbol : TWO_CHARACTER_SYMBOLS) {
            if (sql.startsWith(symbol, index)) {
                index += 2;
                add(Kind.SYMBOL, symbol, start);
                return;
            }
        }
        if (ONE_CHARACTER_SYMBOLS.indexOf(c) >= 0 && !sql.startsWith("::", index)) {
            index++;
            add(Kind.SYMBOL, String.valueOf(c), start);
            return;
        }
        String shown = sql.startsWith("::", index) ? "::" : String.valueOf(c);
        throw invalid("The query has '%s' at character %d, which CloudTrail Lake's SQL (Trino's) does not use: remove it; write casts as CAST(x AS type)".formatted(shown, start + 1));
    }

    private String quoted(char quote, String what)
    {
        int start = index;
        StringBuilder value = new StringBuilder();
        index++;
        while (true) {
            if (index >= sql.length()) {
                throw invalid("The query has a %s that starts at character %d and never ends: close it with %s".formatted(what, start + 1, quote));
            }
            char c = sql.charAt(index);
            if (c == quote) {
                if (index + 1 < sql.length() && sql.charAt(index + 1) == quote) {
                    value.append(quote);
                    index += 2;
                    continue;
                }
                index++;
                return value.toString();
            }
            if (c == '\0') {
                throw invalid("The query has a NUL character in a %s at character %d: remove it".formatted(what, index + 1));
            }
            value.append(c);
            index++;
        }
    }

    private void add(Kind kind, String text, int position)
    {
        tokens.add(new SqlToken(kind, text, spaceBefore, position));
        spaceBefore = false;
    }

    private static boolean isWordCharacter(char c)
    {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static CairnException invalid(String message)
    {
        return new CairnException(ErrorCode.INVALID_QUERY_STATEMENT, message);
    }
}
