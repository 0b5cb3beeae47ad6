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
 * @param deliveryInterval how often each trail cuts a log file per region (when it has events)
 * @param trailsPerRegion the most trails (own and shadow) an account may have in a region
 * @param maximumLogFileBytes the uncompressed size at which a log file is cut before its interval ends
 * @param digestInterval how often each trail with log file validation writes a digest per region
 * @param signingKeyRotation how long a region's digest signing key signs before the next one takes over
 */
public record CairnConfig(
        List<String> regions,
        Duration historyRetention,
        int journalBatchSize,
        int historyBatchSize,
        Duration deliveryInterval,
        int trailsPerRegion,
        long maximumLogFileBytes,
        Duration digestInterval,
        Duration signingKeyRotation)
{
    public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(90);
    public static final Duration DEFAULT_DELIVERY_INTERVAL = Duration.ofMinutes(5);
    public static final Duration MINIMUM_DELIVERY_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_TRAILS_PER_REGION = 5;
    /** Well under CloudTrail's 50 MB compressed per file, and bounded memory per delivering trail. */
    public static final long DEFAULT_MAXIMUM_LOG_FILE_BYTES = 32L * 1024 * 1024;
    public static final Duration DEFAULT_DIGEST_INTERVAL = Duration.ofHours(1);
    public static final Duration MINIMUM_DIGEST_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SIGNING_KEY_ROTATION = Duration.ofDays(30);
    /** Short rotations are for tests of validation across a rotation. */
    public static final Duration MINIMUM_SIGNING_KEY_ROTATION = Duration.ofSeconds(10);

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
        requireNonNull(deliveryInterval, "deliveryInterval is null");
        if (deliveryInterval.compareTo(MINIMUM_DELIVERY_INTERVAL) < 0) {
            throw new IllegalArgumentException("deliveryInterval must be at least 1s");
        }
        if (trailsPerRegion <= 0) {
            throw new IllegalArgumentException("trailsPerRegion must be positive");
        }
        if (maximumLogFileBytes <= 0) {
            throw new IllegalArgumentException("maximumLogFileBytes must be positive");
        }
        requireNonNull(digestInterval, "digestInterval is null");
        if (digestInterval.compareTo(MINIMUM_DIGEST_INTERVAL) < 0) {
            throw new IllegalArgumentException("digestInterval must be at least 10s");
        }
        requireNonNull(signingKeyRotation, "signingKeyRotation is null");
        if (signingKeyRotation.compareTo(MINIMUM_SIGNING_KEY_ROTATION) < 0) {
            throw new IllegalArgumentException("signingKeyRotation must be at least 10s");
        }
    }

    public CairnConfig(List<String> regions, Duration historyRetention, int journalBatchSize, int historyBatchSize)
    {
        this(regions, historyRetention, journalBatchSize, historyBatchSize, DEFAULT_DELIVERY_INTERVAL, DEFAULT_TRAILS_PER_REGION, DEFAULT_MAXIMUM_LOG_FILE_BYTES,
                DEFAULT_DIGEST_INTERVAL, DEFAULT_SIGNING_KEY_ROTATION);
    }

    public static CairnConfig defaults(List<String> regions)
    {
        return new CairnConfig(regions, DEFAULT_HISTORY_RETENTION, 1_024, 5_000);
    }
}
