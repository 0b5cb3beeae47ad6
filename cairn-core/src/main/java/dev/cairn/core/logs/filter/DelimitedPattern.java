package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.toUnmodifiableSet;

import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code [field, field, ...]}: a pattern over a message's whitespace-separated fields, where text in {@code "..."} or
 * {@code [...]} is one field (without its quotes or brackets). Each pattern field is a name ({@code ip}), a condition
 * on a named field ({@code status_code = 4*}, {@code w1 = ERROR || w1 = WARN}, {@code bytes > 1000}), nothing (an
 * unnamed field, as in the documented {@code [..., status_code=4*,]}) or {@code ...}, any number of fields, at most
 * once (the AWS CDK refuses more). Without {@code ...} the message must have as many fields as the pattern; with it at
 * least as many. Names are letters, digits, {@code -} and {@code _}; a field's conditions all name that field.
 */
final class DelimitedPattern
        implements PatternMatcher
{
    private final List<Field> head;
    private final boolean ellipsis;
    private final List<Field> tail;
    private final Set<String> names;

    /** One field of the pattern. */
    record Field(Optional<String> name, Optional<Condition<String>> condition)
    {
        public Field
        {
            requireNonNull(name, "name is null");
            requireNonNull(condition, "condition is null");
        }

        boolean test(String value)
        {
            // a field's conditions all name the field itself
            return condition.map(expression -> expression.test(subject -> Optional.of(TextNode.valueOf(value)))).orElse(true);
        }
    }

    private DelimitedPattern(List<Field> head, boolean ellipsis, List<Field> tail)
    {
        this.head = List.copyOf(head);
        this.ellipsis = ellipsis;
        this.tail = List.copyOf(tail);
        this.names = Stream.concat(head.stream(), tail.stream())
                .flatMap(field -> field.name().stream())
                .collect(toUnmodifiableSet());
    }

    /** Reads the pattern from its opening bracket. */
    static DelimitedPattern parse(PatternReader reader)
    {
        reader.consume("[");
        reader.skipWhitespace();
        if (reader.peekIs(']')) {
            throw reader.error("a space-delimited pattern needs at least one field");
        }
        ConditionParser<String> conditions = new ConditionParser<>(reader, DelimitedPattern::readName, false);
        List<Field> head = new ArrayList<>();
        List<Field> tail = new ArrayList<>();
        boolean ellipsis = false;
        Set<String> names = new HashSet<>();
        while (true) {
            reader.skipWhitespace();
            int start = reader.position();
            if (reader.consume("...")) {
                if (ellipsis) {
                    throw reader.error("'...' may appear only once", start);
                }
                ellipsis = true;
            }
            else {
                Field field = readField(reader, conditions);
                if (field.name().isPresent() && !names.add(field.name().get())) {
                    throw reader.error("field '%s' appears twice".formatted(field.name().get()), start);
                }
                (ellipsis ? tail : head).add(field);
            }
            reader.skipWhitespace();
            if (reader.consume("]")) {
                break;
            }
            if (!reader.consume(",")) {
                throw reader.error("expected ',' or ']' after a field, found " + reader.describeNext());
            }
        }
        reader.skipWhitespace();
        if (!reader.atEnd()) {
            throw reader.error("unexpected text after the space-delimited pattern's closing ']'");
        }
        return new DelimitedPattern(head, ellipsis, tail);
    }

    private static Field readField(PatternReader reader, ConditionParser<String> conditions)
    {
        if (reader.atEnd() || reader.peekIs(',') || reader.peekIs(']')) {
            return new Field(Optional.empty(), Optional.empty());
        }
        int start = reader.position();
        if (!reader.peekIs('(')) {
            String name = readName(reader);
            reader.skipWhitespace();
            if (reader.atEnd() || reader.peekIs(',') || reader.peekIs(']')) {
                return new Field(Optional.of(name), Optional.empty());
            }
            reader.reset(start);
        }
        Condition<String> condition = conditions.parse();
        List<String> names = condition.subjects().distinct().toList();
        if (names.size() > 1) {
            throw reader.error("a field's conditions must all name that field, but these name '%s'".formatted(String.join("', '", names)), start);
        }
        return new Field(Optional.of(names.get(0)), Optional.of(condition));
    }

    private static String readName(PatternReader reader)
    {
        String name = reader.readWhile(PatternReader::isNameCharacter);
        if (name.isEmpty()) {
            throw reader.error("expected a field name, found " + reader.describeNext());
        }
        return name;
    }

    @Override
    public Optional<FilterMatch> match(String message)
    {
        List<String> values = split(message);
        int fixed = head.size() + tail.size();
        if (ellipsis ? values.size() < fixed : values.size() != fixed) {
            return Optional.empty();
        }
        int tailStart = values.size() - tail.size();
        LinkedHashMap<String, String> extracted = new LinkedHashMap<>();
        for (int index = 0; index < values.size(); index++) {
            String value = values.get(index);
            Optional<Field> field = fieldAt(index, tailStart);
            if (field.isPresent() && !field.get().test(value)) {
                return Optional.empty();
            }
            String key = field.flatMap(Field::name).orElse(String.valueOf(index + 1));
            extracted.put("$" + key, value);
        }
        return Optional.of(FilterMatch.fields(extracted));
    }

    /** The pattern field for the message's field at {@code index}; empty where {@code ...} covers it. */
    private Optional<Field> fieldAt(int index, int tailStart)
    {
        if (index < head.size()) {
            return Optional.of(head.get(index));
        }
        if (index >= tailStart) {
            return Optional.of(tail.get(index - tailStart));
        }
        return Optional.empty();
    }

    @Override
    public boolean supportsValueSelector(String selector)
    {
        return selector.startsWith("$") && names.contains(selector.substring(1));
    }

    /** A message's fields: whitespace separates them, and {@code "..."} or {@code [...]} holds one with its spaces. */
    static List<String> split(String message)
    {
        List<String> fields = new ArrayList<>();
        int position = 0;
        while (true) {
            while (position < message.length() && Character.isWhitespace(message.charAt(position))) {
                position++;
            }
            if (position == message.length()) {
                return fields;
            }
            char first = message.charAt(position);
            int close = first == '"' ? message.indexOf('"', position + 1) : first == '[' ? message.indexOf(']', position + 1) : -1;
            if (close >= 0) {
                fields.add(message.substring(position + 1, close));
                position = close + 1;
                continue;
            }
            // a plain field, or an opening quote or bracket that nothing closes
            int start = position;
            while (position < message.length() && !Character.isWhitespace(message.charAt(position))) {
                position++;
            }
            fields.add(message.substring(start, position));
        }
    }
}
