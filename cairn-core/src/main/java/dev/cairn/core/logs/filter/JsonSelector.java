package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON property selector: {@code $} (the root) followed by {@code .name} steps, whose names are letters, digits,
 * {@code -} and {@code _}, and {@code [index]} steps, which must follow a property ({@code $.users[0].id},
 * {@code $.coordinates[0][1]}). There are no wildcards ({@code $.*}, {@code [*]}).
 */
record JsonSelector(List<Step> steps)
{
    public JsonSelector
    {
        steps = List.copyOf(steps);
    }

    sealed interface Step
    {
        /** The child this step selects, or null if there is none. */
        JsonNode select(JsonNode node);
    }

    record Property(String name)
            implements Step
    {
        public Property
        {
            requireNonNull(name, "name is null");
        }

        @Override
        public JsonNode select(JsonNode node)
        {
            return node.isObject() ? node.get(name) : null;
        }
    }

    record Index(int index)
            implements Step
    {
        @Override
        public JsonNode select(JsonNode node)
        {
            return node.isArray() ? node.get(index) : null;
        }
    }

    /** The value selected in {@code root}, empty if a step finds nothing (a missing property, a wrong type). */
    Optional<JsonNode> resolve(JsonNode root)
    {
        JsonNode node = root;
        for (Step step : steps) {
            node = step.select(node);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    /** A metric value's selector, such as {@code $.latency}; empty if {@code text} is not exactly one. */
    static Optional<JsonSelector> parse(String text)
    {
        PatternReader reader = new PatternReader(text);
        try {
            JsonSelector selector = read(reader);
            return reader.atEnd() ? Optional.of(selector) : Optional.empty();
        }
        catch (InvalidFilterPatternException e) {
            return Optional.empty();
        }
    }

    static JsonSelector read(PatternReader reader)
    {
        if (!reader.consume("$")) {
            throw reader.error("expected a selector starting with '$', found " + reader.describeNext());
        }
        if (!reader.peekIs('.')) {
            throw reader.error("expected '.' and a property name after '$'");
        }
        List<Step> steps = new ArrayList<>();
        while (true) {
            if (reader.consume(".")) {
                String name = reader.readWhile(PatternReader::isNameCharacter);
                if (name.isEmpty()) {
                    throw reader.error("expected a property name after '.', found " + reader.describeNext());
                }
                steps.add(new Property(name));
            }
            else if (reader.peekIs('[')) {
                int bracket = reader.position();
                reader.consume("[");
                String digits = reader.readWhile(character -> character >= '0' && character <= '9');
                if (digits.isEmpty() || !reader.consume("]")) {
                    throw reader.error("expected an array index such as [0]", bracket);
                }
                int index;
                try {
                    index = Integer.parseInt(digits);
                }
                catch (NumberFormatException e) {
                    throw reader.error("array index too large", bracket);
                }
                steps.add(new Index(index));
            }
            else {
                return new JsonSelector(steps);
            }
        }
    }
}
