package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cairn.core.Json;

import java.util.Optional;

/**
 * {@code { condition }}: a condition on the message parsed as a JSON object. A message that is not one JSON object
 * (with nothing before or after it) matches no JSON pattern. Numbers are read as decimals, so comparisons are exact.
 */
final class JsonPattern
        implements PatternMatcher
{
    private static final ObjectReader MESSAGE_READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Condition<JsonSelector> condition;

    private JsonPattern(Condition<JsonSelector> condition)
    {
        this.condition = requireNonNull(condition, "condition is null");
    }

    /** Reads the pattern from its opening brace. */
    static JsonPattern parse(PatternReader reader)
    {
        reader.consume("{");
        reader.skipWhitespace();
        if (reader.peekIs('}')) {
            throw reader.error("empty JSON pattern");
        }
        Condition<JsonSelector> condition = new ConditionParser<>(reader, JsonSelector::read, true).parse();
        if (!reader.consume("}")) {
            throw reader.error("expected '&&', '||' or '}', found " + reader.describeNext());
        }
        reader.skipWhitespace();
        if (!reader.atEnd()) {
            throw reader.error("unexpected text after the JSON pattern's closing '}'");
        }
        return new JsonPattern(condition);
    }

    @Override
    public Optional<FilterMatch> match(String message)
    {
        return parseObject(message)
                .filter(root -> condition.test(selector -> selector.resolve(root)))
                .map(FilterMatch::json);
    }

    @Override
    public boolean supportsValueSelector(String selector)
    {
        return JsonSelector.parse(selector).isPresent();
    }

    private static Optional<JsonNode> parseObject(String message)
    {
        int first = 0;
        while (first < message.length() && Character.isWhitespace(message.charAt(first))) {
            first++;
        }
        if (first == message.length() || message.charAt(first) != '{') {
            // not a JSON object: spare the parser
            return Optional.empty();
        }
        try {
            return Optional.of(MESSAGE_READER.readTree(message)).filter(JsonNode::isObject);
        }
        catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
