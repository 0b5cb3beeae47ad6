package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A cursor over a filter pattern's text, with the lexical pieces every kind of pattern shares: whitespace, quoted
 * strings, {@code %regex%} and errors that say where they were seen. Not thread-safe; one per parse.
 */
final class PatternReader
{
    /**
     * What CloudWatch Logs accepts between the {@code %} of a regex besides ASCII letters and digits: the symbols and
     * the operators its documentation lists. Parentheses (no subpatterns), spaces and multi-byte characters are out.
     */
    private static final String REGEX_SYMBOLS = ":_#=@/;,-^$?[]{}|\\*+.";

    private final String text;
    private int position;

    PatternReader(String text)
    {
        this.text = requireNonNull(text, "text is null");
    }

    int position()
    {
        return position;
    }

    void reset(int position)
    {
        this.position = position;
    }

    boolean atEnd()
    {
        return position >= text.length();
    }

    /** The next character; not at the end. */
    char peek()
    {
        return text.charAt(position);
    }

    boolean peekIs(char expected)
    {
        return !atEnd() && peek() == expected;
    }

    boolean atWhitespace()
    {
        return !atEnd() && Character.isWhitespace(peek());
    }

    void skipWhitespace()
    {
        while (atWhitespace()) {
            position++;
        }
    }

    /** Consumes {@code token} if the text continues with it. */
    boolean consume(String token)
    {
        if (text.startsWith(token, position)) {
            position += token.length();
            return true;
        }
        return false;
    }

    /** Consumes {@code word} if the text continues with it and no letter or digit follows it. */
    boolean consumeWord(String word)
    {
        int end = position + word.length();
        if (text.startsWith(word, position) && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            position = end;
            return true;
        }
        return false;
    }

    String readWhile(IntPredicate accepted)
    {
        int start = position;
        while (!atEnd() && accepted.test(peek())) {
            position++;
        }
        return text.substring(start, position);
    }

    /**
     * Reads a string in double quotes, where {@code \"} stands for a quote and {@code \\} for a backslash (as the AWS
     * CDK writes them); any other backslash is kept as it is.
     */
    String readQuoted()
    {
        int start = position;
        position++;
        StringBuilder value = new StringBuilder();
        while (!atEnd()) {
            char next = text.charAt(position++);
            if (next == '"') {
                return value.toString();
            }
            if (next == '\\' && (peekIs('"') || peekIs('\\'))) {
                next = text.charAt(position++);
            }
            value.append(next);
        }
        throw error("unterminated quoted string", start);
    }

    /**
     * Reads {@code %regex%}, refusing what CloudWatch Logs refuses: characters outside its documented set, which
     * leaves out parentheses. Matching is {@link java.util.regex.Matcher#find()}: the expression may match anywhere.
     */
    Pattern readRegex()
    {
        int start = position;
        int close = text.indexOf('%', start + 1);
        if (close < 0) {
            throw error("unterminated regular expression: no closing '%'", start);
        }
        String regex = text.substring(start + 1, close);
        if (regex.isEmpty()) {
            throw error("empty regular expression", start);
        }
        for (int i = 0; i < regex.length(); i++) {
            char character = regex.charAt(i);
            if (!isAsciiLetterOrDigit(character) && REGEX_SYMBOLS.indexOf(character) < 0) {
                throw error("'%s' is not supported in a regular expression".formatted(character), start + 1 + i);
            }
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        }
        catch (PatternSyntaxException e) {
            throw error("invalid regular expression: " + e.getDescription(), start + 1 + Math.max(e.getIndex(), 0));
        }
        position = close + 1;
        return pattern;
    }

    /** What comes next, for messages: a quoted character or the end. */
    String describeNext()
    {
        return atEnd() ? "the end of the pattern" : "'" + peek() + "'";
    }

    InvalidFilterPatternException error(String problem)
    {
        return error(problem, position);
    }

    InvalidFilterPatternException error(String problem, int position)
    {
        return new InvalidFilterPatternException(problem, position);
    }

    /** What JSON property names and space-delimited field names are made of: ASCII letters, digits, '-' and '_'. */
    static boolean isNameCharacter(int character)
    {
        return isAsciiLetterOrDigit(character) || character == '-' || character == '_';
    }

    static boolean isAsciiLetterOrDigit(int character)
    {
        return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') || (character >= '0' && character <= '9');
    }
}
