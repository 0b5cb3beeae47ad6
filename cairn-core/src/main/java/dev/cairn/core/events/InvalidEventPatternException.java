package dev.cairn.core.events;

import static java.util.Objects.requireNonNull;

/**
 * An EventBridge event pattern that event-ruler refuses. The message has the form of AWS's for PutRule's and
 * TestEventPattern's {@code InvalidEventPatternException}: {@code Event pattern is not valid. Reason: } and then
 * event-ruler's reason, which names the place in the pattern. The operations map it to
 * {@code ErrorCode.INVALID_EVENT_PATTERN} with this message. An answer, not a bug: no stack trace.
 */
public final class InvalidEventPatternException
        extends RuntimeException
{
    private final String reason;

    public InvalidEventPatternException(String reason)
    {
        super("Event pattern is not valid. Reason: " + requireNonNull(reason, "reason is null"), null, false, false);
        this.reason = reason;
    }

    /** Why the pattern is refused, without AWS's prefix. */
    public String reason()
    {
        return reason;
    }
}
