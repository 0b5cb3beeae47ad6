package dev.cairn.spi;

import static java.util.Objects.requireNonNull;

/**
 * A log event as a store read it back.
 *
 * @param stream the log stream it was appended to
 * @param timestamp when the event happened, in milliseconds since the epoch
 * @param ingestionTime when Cairn received it, in milliseconds since the epoch
 * @param sequence assigned by the store when the event was appended: unique within the store, never reused, and
 *         increasing in the order events were appended (by one node; across nodes not necessarily in commit order, see
 *         {@link LogEvents})
 * @param message the event's text
 */
public record StoredLogEvent(String stream, long timestamp, long ingestionTime, long sequence, String message)
{
    public StoredLogEvent
    {
        requireNonNull(stream, "stream is null");
        requireNonNull(message, "message is null");
    }

    /** Where this event is in {@code (timestamp, sequence)} order: the cursor to read on after (or before) it. */
    public LogEventCursor cursor()
    {
        return new LogEventCursor(timestamp, sequence);
    }
}
