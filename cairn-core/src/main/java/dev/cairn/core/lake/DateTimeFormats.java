package dev.cairn.core.lake;

import java.util.Map;

/**
 * Translates Trino's date-time patterns to DuckDB's {@code strftime}/{@code strptime} ones: the MySQL-style
 * specifiers of {@code date_format}/{@code date_parse}, and the Joda-Time patterns of
 * {@code format_datetime}/{@code parse_datetime}. A specifier without a DuckDB equal is refused rather than
 * answered differently.
 */
final class DateTimeFormats
{
    private static final Map<Character, String> MYSQL = Map.ofEntries(
            Map.entry('a', "%a"),
            Map.entry('b', "%b"),
            Map.entry('c', "%-m"),
            Map.entry('d', "%d"),
            Map.entry('e', "%-d"),
            Map.entry('f', "%f"),
            Map.entry('H', "%H"),
            Map.entry('h', "%I"),
            Map.entry('I', "%I"),
            Map.entry('i', "%M"),
            Map.entry('j', "%j"),
            Map.entry('k', "%-H"),
            Map.entry('l', "%-I"),
            Map.entry('M', "%B"),
            Map.entry('m', "%m"),
            Map.entry('p', "%p"),
            Map.entry('r', "%I:%M:%S %p"),
            Map.entry('S', "%S"),
            Map.entry('s', "%S"),
            Map.entry('T', "%H:%M:%S"),
            Map.entry('v', "%V"),
            Map.entry('W', "%A"),
            Map.entry('w', "%w"),
            Map.entry('x', "%G"),
            Map.entry('Y', "%Y"),
            Map.entry('y', "%y"),
            Map.entry('%', "%%"));

    private DateTimeFormats() {}

    /** {@code date_format}'s pattern, such as {@code '%Y-%m-%d %H:%i:%s'}, as a {@code strftime} pattern. */
    static String fromMysql(String pattern, String function)
    {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= pattern.length()) {
                throw unsupported(function, pattern, "%", "end the pattern with %% for a literal %");
            }
            char specifier = pattern.charAt(++i);
            String translated = MYSQL.get(specifier);
            if (translated == null) {
                throw unsupported(function, pattern, "%" + specifier, "use one of %a %b %c %d %e %f %H %h %I %i %j %k %l %M %m %p %r %S %s %T %v %W %w %x %Y %y %%");
            }
            out.append(translated);
        }
        return out.toString();
    }

    /** {@code format_datetime}'s Joda-Time pattern, such as {@code 'yyyy-MM-dd HH:mm:ss'}, as a {@code strftime} pattern. */
    static String fromJoda(String pattern, String function)
    {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int end = pattern.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unsupported(function, pattern, "'", "close the quoted text with '");
                }
                String literal = end == i + 1 ? "'" : pattern.substring(i + 1, end);
                out.append(literal.replace("%", "%%"));
                i = end + 1;
                continue;
            }
            if (!Character.isLetter(c)) {
                out.append(c == '%' ? "%%" : String.valueOf(c));
                i++;
                continue;
            }
            int end = i;
            while (end < pattern.length() && pattern.charAt(end) == c) {
                end++;
            }
            int count = end - i;
            String translated = joda(c, count);
            if (translated == null) {
                throw unsupported(function, pattern, pattern.substring(i, end), "use y, M, d, H, h, m, s, S (3 or 6), a, E, Z and quoted text");
            }
            out.append(translated);
            i = end;
        }
        return out.toString();
    }

    private static String joda(char letter, int count)
    {
        return switch (letter) {
            case 'y', 'Y' -> count == 2 ? "%y" : "%Y";
            case 'x' -> count == 2 ? "%g" : "%G";
            case 'M' -> count >= 4 ? "%B" : count == 3 ? "%b" : count == 2 ? "%m" : "%-m";
            case 'd' -> count == 2 ? "%d" : "%-d";
            case 'D' -> "%j";
            case 'H' -> count == 2 ? "%H" : "%-H";
            case 'h' -> count == 2 ? "%I" : "%-I";
            case 'm' -> count == 2 ? "%M" : "%-M";
            case 's' -> count == 2 ? "%S" : "%-S";
            case 'S' -> count == 3 ? "%g" : count == 6 ? "%f" : count == 9 ? "%n" : null;
            case 'a' -> "%p";
            case 'E' -> count >= 4 ? "%A" : "%a";
            case 'Z' -> "%z";
            case 'z' -> "%Z";
            case 'w' -> "%V";
            case 'e' -> "%u";
            default -> null;
        };
    }

    private static RuntimeException unsupported(String function, String pattern, String part, String what)
    {
        return SqlTokenizer.invalid("%s's pattern '%s' has %s, which Cairn cannot format: %s".formatted(function, pattern, part, what));
    }
}
