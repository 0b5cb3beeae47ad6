package dev.cairn.spi;

import static java.util.Objects.requireNonNull;

/**
 * A CloudWatch Logs log event as it is appended to a stream (see {@link LogEventWriter#append}).
 *
 * @param timestamp when the event happened, in milliseconds since the epoch (PutLogEvents' {@code timestamp})
 * @param ingestionTime when Cairn received the event, in milliseconds since the epoch
 * @param message the event's text; stores keep it as UTF-8, so an unpaired surrogate comes back as {@code ?}
 */
public record LogEvent(long timestamp, long ingestionTime, String message)
{
    public LogEvent
    {
        requireNonNull(message, "message is null");
    }
}
