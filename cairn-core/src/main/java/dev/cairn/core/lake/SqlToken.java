package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One token of a query's text.
 *
 * @param text the token as written; for {@link Kind#QUOTED} and {@link Kind#STRING} the value between the quotes,
 *         with doubled quotes made single
 * @param spaceBefore whether whitespace or a comment separates the token from the one before it
 * @param position the offset of the token's first character in the query
 */
record SqlToken(Kind kind, String text, boolean spaceBefore, int position)
{
    enum Kind
    {
        /** A keyword or an unquoted identifier; also a run of letters and digits that starts with a digit. */
        WORD,
        /** A double-quoted identifier. */
        QUOTED,
        /** A single-quoted string literal. */
        STRING,
        NUMBER,
        /** Punctuation and operators: {@code ( ) [ ] , . ; + - * / % = < > <= >= <> != || -> ?} and {@code :}. */
        SYMBOL,
    }

    SqlToken
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }

    boolean isWord(String word)
    {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol)
    {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** The word upper-cased, or empty for other tokens. */
    String keyword()
    {
        return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : "";
    }

    /** The token as DuckDB SQL text. */
    String sql()
    {
        return switch (kind) {
            case QUOTED -> quoteIdentifier(text);
            case STRING -> quoteString(text);
            case WORD, NUMBER, SYMBOL -> text;
        };
    }

    static String quoteString(String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }

    static String quoteIdentifier(String name)
    {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
