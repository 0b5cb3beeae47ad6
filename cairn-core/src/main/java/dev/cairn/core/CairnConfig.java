package dev.cairn.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What the core needs to know about its deployment.
 *
 * @param regions the regions this Cairn serves; requests signed for others are rejected
 * @param historyRetention how long events stay searchable in event history
 * @param journalBatchSize the most calls one journal transaction commits together
 * @param historyBatchSize the most events the history indexer takes from the journal at once
 */
public record CairnConfig(List<String> regions, Duration historyRetention, int journalBatchSize, int historyBatchSize)
{
    public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(90);

    public CairnConfig
    {
        regions = List.copyOf(regions);
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("at least one region is required");
        }
        requireNonNull(historyRetention, "historyRetention is null");
        if (historyRetention.isNegative() || historyRetention.isZero()) {
            throw new IllegalArgumentException("historyRetention must be positive");
        }
        if (journalBatchSize <= 0 || historyBatchSize <= 0) {
            throw new IllegalArgumentException("batch sizes must be positive");
        }
    }

    public static CairnConfig defaults(List<String> regions)
    {
        return new CairnConfig(regions, DEFAULT_HISTORY_RETENTION, 1_024, 5_000);
    }
}
