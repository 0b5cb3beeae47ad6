package dev.cairn.core.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.Patterns;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event patterns of many rules, each known by a name (such as its rule ARN), compiled together into one
 * event-ruler {@link Machine}: matching an event walks the machine once and answers the names of all rules whose
 * pattern matches. Its time does not grow with the number of rules, except with wildcards that share a prefix
 * (event-ruler's README).
 * <p>
 * Thread-safety: rules change rarely and events are matched all the time, from many threads. Matching takes no
 * lock (event-ruler's machine is thread-safe and takes its changes one at a time); {@link #put} and {@link #remove}
 * take one private lock so that the machine and the patterns by name change together. A change is seen by the
 * matches that start after it returns.
 * A match running while a rule is replaced may miss that rule: its old pattern leaves the machine before its new
 * one enters, so that the machine never keeps a part of the old one (AWS, too, says a new or updated rule may not
 * match at once).
 */
public final class EventRules
{
    private final Object lock = new Object();
    // written under lock, together with the machine
    private final Map<String, EventPattern> patterns = new ConcurrentHashMap<>();
    private final Machine machine = Machine.builder().build();

    /** Adds a rule, or replaces the pattern of the rule of that name. */
    public void put(String rule, EventPattern pattern)
    {
        requireNonNull(rule, "rule is null");
        requireNonNull(pattern, "pattern is null");
        synchronized (lock) {
            EventPattern previous = patterns.put(rule, pattern);
            if (pattern.equals(previous)) {
                return;
            }
            if (previous != null) {
                delete(rule, previous);
            }
            for (Map<String, List<Patterns>> alternative : pattern.alternatives()) {
                machine.addPatternRule(rule, alternative);
            }
        }
    }

    /**
     * Removes a rule.
     *
     * @return whether there was a rule of that name
     */
    public boolean remove(String rule)
    {
        requireNonNull(rule, "rule is null");
        synchronized (lock) {
            EventPattern previous = patterns.remove(rule);
            if (previous == null) {
                return false;
            }
            delete(rule, previous);
            return true;
        }
    }

    // the machine does not remember which patterns a name was added with: each must be deleted as it was added
    private void delete(String rule, EventPattern pattern)
    {
        for (Map<String, List<Patterns>> alternative : pattern.alternatives()) {
            machine.deletePatternRule(rule, alternative);
        }
    }

    public Optional<EventPattern> pattern(String rule)
    {
        return Optional.ofNullable(patterns.get(rule));
    }

    public int size()
    {
        return patterns.size();
    }

    /**
     * The names of the rules whose pattern matches the event, each once, in no particular order.
     *
     * @param eventJson the event, a JSON object
     * @throws IllegalArgumentException when the event is not a JSON object
     */
    public List<String> matchingRules(String eventJson)
    {
        requireNonNull(eventJson, "eventJson is null");
        try {
            return List.copyOf(machine.rulesForJSONEvent(eventJson));
        }
        // not JSON (JsonParseException), or JSON but not an object
        catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Event is not a JSON object: " + e.getMessage(), e);
        }
        catch (RuntimeException e) {
            throw e;
        }
        // rulesForJSONEvent declares Exception, and throws no other checked exception
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The names of the rules whose pattern matches the event, each once, in no particular order: for an event
     * already parsed, such as one {@link CloudTrailEvents} made.
     *
     * @throws IllegalArgumentException when the event is not a JSON object
     */
    public List<String> matchingRules(JsonNode event)
    {
        requireNonNull(event, "event is null");
        if (!event.isObject()) {
            throw new IllegalArgumentException("Event is not a JSON object");
        }
        return List.copyOf(machine.rulesForJSONEvent(event));
    }

    /** Whether the machine holds nothing: after the last rule is removed, none of its patterns is left behind. */
    boolean machineIsEmpty()
    {
        return machine.isEmpty();
    }
}
