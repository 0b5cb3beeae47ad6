package dev.cairn.core.history;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Event history's settings ({@code history.*}).
 *
 * @param retention how long events stay searchable ({@code --history-retention})
 * @param batchSize the most events the indexer takes from the journal at once
 * @param includeDataEvents whether data events (S3 object calls) are searchable too ({@code --history-data-events});
 *         AWS's event history has management events only, and so has Cairn's by default
 */
public record HistoryConfig(Duration retention, int batchSize, boolean includeDataEvents)
{
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    public static final int DEFAULT_BATCH_SIZE = 5_000;

    public HistoryConfig
    {
        requireNonNull(retention, "retention is null");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("history retention must be longer than 0");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("history batch size must be positive: " + batchSize);
        }
    }

    public static HistoryConfig defaults()
    {
        return new HistoryConfig(DEFAULT_RETENTION, DEFAULT_BATCH_SIZE, false);
    }

    public HistoryConfig withRetention(Duration newRetention)
    {
        return new HistoryConfig(newRetention, batchSize, includeDataEvents);
    }

    public HistoryConfig withDataEvents(boolean include)
    {
        return new HistoryConfig(retention, batchSize, include);
    }
}
