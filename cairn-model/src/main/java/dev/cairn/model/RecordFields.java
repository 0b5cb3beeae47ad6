package dev.cairn.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a top-level string field of a record's JSON without a JSON library: one pass that tracks nesting and
 * strings, so that a field of the same name inside {@code requestParameters} is never taken for the record's own.
 */
public final class RecordFields
{
    private RecordFields() {}

    /** The value of {@code field} in the top-level object of {@code json}, when it is a string. */
    public static Optional<String> topLevelString(byte[] json, String field)
    {
        byte[] name = field.getBytes(StandardCharsets.UTF_8);
        int depth = 0;
        boolean expectingKey = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            switch (b) {
                case '{' -> {
                    depth++;
                    expectingKey = depth == 1;
                }
                case '[' -> depth++;
                case '}', ']' -> depth--;
                case ',' -> expectingKey = depth == 1;
                case '"' -> {
                    int end = endOfString(json, i);
                    if (expectingKey && depth == 1) {
                        expectingKey = false;
                        if (end - i - 1 == name.length && java.util.Arrays.equals(json, i + 1, end, name, 0, name.length)) {
                            int value = skipSpaceAndColon(json, end + 1);
                            if (value < json.length && json[value] == '"') {
                                return Optional.of(unescape(json, value + 1, endOfString(json, value)));
                            }
                            return Optional.empty();
                        }
                    }
                    i = end;
                }
                default -> {
                    // values, whitespace and colons
                }
            }
        }
        return Optional.empty();
    }

    /** The index of the quote that closes the string opened at {@code start}. */
    private static int endOfString(byte[] json, int start)
    {
        for (int i = start + 1; i < json.length; i++) {
            if (json[i] == '\\') {
                i++;
            }
            else if (json[i] == '"') {
                return i;
            }
        }
        return json.length;
    }

    private static int skipSpaceAndColon(byte[] json, int from)
    {
        int i = from;
        while (i < json.length && (json[i] == ':' || json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static String unescape(byte[] json, int from, int to)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = json[i];
            if (b != '\\' || i + 1 >= to) {
                out.write(b);
                continue;
            }
            byte escaped = json[++i];
            switch (escaped) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'u' -> {
                    if (i + 4 < to) {
                        char c = (char) Integer.parseInt(new String(json, i + 1, 4, StandardCharsets.US_ASCII), 16);
                        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                        i += 4;
                    }
                }
                default -> out.write(escaped);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
