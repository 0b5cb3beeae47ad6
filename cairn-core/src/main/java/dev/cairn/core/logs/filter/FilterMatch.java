package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a log event's message matched a {@link FilterPattern}: the values TestMetricFilter reports and the value a
 * metric filter's {@code metricValue} selects. Not meant to be kept or shared across threads: it holds the message's
 * parsed JSON.
 */
public final class FilterMatch
{
    private static final FilterMatch WITHOUT_VALUES = new FilterMatch(Map.of(), Optional.empty());

    private final Map<String, String> extractedValues;
    private final Optional<JsonNode> json;

    private FilterMatch(Map<String, String> extractedValues, Optional<JsonNode> json)
    {
        this.extractedValues = requireNonNull(extractedValues, "extractedValues is null");
        this.json = requireNonNull(json, "json is null");
    }

    /** A match of a term pattern: it selects nothing. */
    static FilterMatch withoutValues()
    {
        return WITHOUT_VALUES;
    }

    /** A match of a JSON pattern, whose metric value may select anything in the message. */
    static FilterMatch json(JsonNode message)
    {
        return new FilterMatch(Map.of(), Optional.of(message));
    }

    /** A match of a space-delimited pattern, with its fields in message order. */
    static FilterMatch fields(LinkedHashMap<String, String> extractedValues)
    {
        return new FilterMatch(Collections.unmodifiableMap(extractedValues), Optional.empty());
    }

    /**
     * TestMetricFilter's {@code extractedValues}: for a space-delimited pattern each field of the message, keyed by
     * {@code $} and the pattern's name for it, or {@code $} and its position from 1 where the pattern names none
     * ({@code ...} and unnamed fields), in message order; empty for other patterns, as documented.
     */
    public Map<String, String> extractedValues()
    {
        return extractedValues;
    }

    /**
     * The value {@code selector} picks: for a JSON pattern a {@code $.path} naming a string, number or boolean of the
     * message, for a space-delimited pattern a key of {@link #extractedValues()} such as {@code $bytes}. Empty if it
     * picks nothing.
     */
    public Optional<String> value(String selector)
    {
        requireNonNull(selector, "selector is null");
        if (json.isPresent()) {
            return JsonSelector.parse(selector)
                    .flatMap(path -> path.resolve(json.get()))
                    .filter(Condition::isScalar)
                    .map(JsonNode::asText);
        }
        return Optional.ofNullable(extractedValues.get(selector));
    }
}
