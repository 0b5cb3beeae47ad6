package dev.cairn.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What waits in the {@link Outbox} for one destination, for its lag and failure metrics.
 *
 * @param messages messages waiting (due, scheduled for a retry, or being sent)
 * @param retrying those of them whose earlier attempts failed
 * @param oldestEnqueued the {@link OutboxMessage#enqueued()} of the one that has waited longest
 */
public record OutboxStatistics(long messages, long retrying, Instant oldestEnqueued)
{
    public OutboxStatistics
    {
        requireNonNull(oldestEnqueued, "oldestEnqueued is null");
    }
}
