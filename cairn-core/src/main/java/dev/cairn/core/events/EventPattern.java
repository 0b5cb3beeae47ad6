package dev.cairn.core.events;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.toUnmodifiableMap;
import static java.util.stream.Collectors.toUnmodifiableSet;

import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.MatchType;
import software.amazon.event.ruler.Patterns;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An EventBridge event pattern, the {@code EventPattern} of PutRule and TestEventPattern, parsed and checked by
 * event-ruler, the matcher AWS open-sourced as "a key technology that powers EventBridge", so that Cairn takes the
 * syntax EventBridge takes:
 * exact values (strings, numbers, {@code true}, {@code false}, {@code null}, {@code ""}), {@code prefix} and
 * {@code suffix} (also with {@code equals-ignore-case}), {@code equals-ignore-case}, {@code wildcard},
 * {@code anything-but} (one value, a list, or with {@code prefix}, {@code suffix}, {@code equals-ignore-case} or
 * {@code wildcard}), {@code numeric} comparisons and ranges, {@code exists}, {@code cidr} (IPv4 and IPv6) and
 * {@code $or}. A refused pattern is an {@link InvalidEventPatternException} with event-ruler's reason (what is wrong
 * and where in the pattern).
 * <p>
 * Limits: the events model ({@code events/2015-10-07}) gives the {@code EventPattern} shape a maximum length of
 * {@value #MAXIMUM_LENGTH}; the API layer's model validation reports a longer one as AWS does
 * ({@code ValidationException}), and {@link #parse} refuses it too, so that no other path stores one. The quotas on
 * rules per event bus (among them at most 30 rules with wildcards) are the API layer's to count; see
 * {@link #usesWildcard()}.
 * <p>
 * A value: equal when the text is equal (AWS answers DescribeRule with the text as given). Immutable and
 * thread-safe.
 */
public final class EventPattern
{
    /** The {@code max} of the events model's {@code EventPattern} shape, in characters. */
    public static final int MAXIMUM_LENGTH = 4_096;

    private final String json;
    // the pattern's conjunctions, one for each combination of its $or branches: an event matches when one of them does
    private final Set<Map<String, List<Patterns>>> alternatives;

    private EventPattern(String json, Set<Map<String, List<Patterns>>> alternatives)
    {
        this.json = json;
        this.alternatives = alternatives;
    }

    /**
     * Parses and checks a pattern.
     *
     * @throws InvalidEventPatternException when EventBridge would refuse it
     */
    public static EventPattern parse(String json)
    {
        requireNonNull(json, "json is null");
        if (json.codePointCount(0, json.length()) > MAXIMUM_LENGTH) {
            throw new InvalidEventPatternException("Event pattern is longer than " + MAXIMUM_LENGTH + " characters");
        }
        List<Map<String, List<Patterns>>> compiled;
        try {
            compiled = JsonRuleCompiler.compile(json);
        }
        // event-ruler's own check (JsonRuleCompiler.check) takes any exception of the compiler as the pattern's fault:
        // most are JsonParseException with a location, some IllegalArgumentException (such as a CIDR's mask)
        catch (Exception e) {
            throw new InvalidEventPatternException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        // immutable copies; an $or whose branches are alike compiles to equal conjunctions, kept once
        Set<Map<String, List<Patterns>>> alternatives = compiled.stream()
                .map(alternative -> alternative.entrySet().stream()
                        .collect(toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue()))))
                .collect(toUnmodifiableSet());
        return new EventPattern(json, alternatives);
    }

    /** The pattern as given. */
    public String json()
    {
        return json;
    }

    /**
     * Whether the pattern has a {@code wildcard} match (also inside {@code anything-but}): EventBridge allows at
     * most 30 such rules per event bus, a quota that cannot be adjusted.
     */
    public boolean usesWildcard()
    {
        return alternatives.stream()
                .flatMap(alternative -> alternative.values().stream())
                .flatMap(List::stream)
                .map(Patterns::type)
                .anyMatch(type -> type == MatchType.WILDCARD || type == MatchType.ANYTHING_BUT_WILDCARD);
    }

    /**
     * Whether an event matches the pattern, as TestEventPattern answers. Compiles a machine for the one pattern:
     * to match many patterns, use {@link EventRules}.
     *
     * @param eventJson the event, a JSON object
     * @throws IllegalArgumentException when the event is not a JSON object
     */
    public boolean matches(String eventJson)
    {
        EventRules rules = new EventRules();
        rules.put("pattern", this);
        return !rules.matchingRules(eventJson).isEmpty();
    }

    /** The conjunctions the machine holds for this pattern. */
    Set<Map<String, List<Patterns>>> alternatives()
    {
        return alternatives;
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof EventPattern other && json.equals(other.json);
    }

    @Override
    public int hashCode()
    {
        return json.hashCode();
    }

    @Override
    public String toString()
    {
        return json;
    }
}
