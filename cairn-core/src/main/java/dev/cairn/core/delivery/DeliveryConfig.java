package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Trail delivery's settings ({@code delivery.*}).
 *
 * @param interval how often each trail cuts a log file per region, when it has events ({@code --delivery-interval})
 * @param maximumLogFileBytes the uncompressed size at which a log file is cut before its interval ends
 * @param digestInterval how often each trail with log file validation writes a digest per region
 *         ({@code --digest-interval})
 * @param signingKeyRotation how long a region's digest signing key signs before the next takes over
 *         ({@code --signing-key-rotation})
 * @param manual for tests only: no background loop delivers; the test steps delivery itself with
 *         {@link DeliveryScheduler#runDueUnits} (after moving its clock), so it need not wait in real time
 */
public record DeliveryConfig(Duration interval, long maximumLogFileBytes, Duration digestInterval, Duration signingKeyRotation, boolean manual)
{
    /** As CloudTrail: about every 5 minutes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    public static final Duration MINIMUM_INTERVAL = Duration.ofSeconds(1);
    /** Well under CloudTrail's 50 MB compressed per file, and bounded memory per delivering trail. */
    public static final long DEFAULT_MAXIMUM_LOG_FILE_BYTES = 32L * 1024 * 1024;
    /** As CloudTrail: hourly. */
    public static final Duration DEFAULT_DIGEST_INTERVAL = Duration.ofHours(1);
    public static final Duration MINIMUM_DIGEST_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SIGNING_KEY_ROTATION = Duration.ofDays(30);
    /** Short rotations are for tests of validation across a rotation. */
    public static final Duration MINIMUM_SIGNING_KEY_ROTATION = Duration.ofSeconds(10);

    public DeliveryConfig
    {
        requireNonNull(interval, "interval is null");
        if (interval.compareTo(MINIMUM_INTERVAL) < 0) {
            throw new IllegalArgumentException("the delivery interval must be at least 1s, not " + interval);
        }
        if (maximumLogFileBytes <= 0) {
            throw new IllegalArgumentException("the largest log file must be positive: " + maximumLogFileBytes);
        }
        requireNonNull(digestInterval, "digestInterval is null");
        if (digestInterval.compareTo(MINIMUM_DIGEST_INTERVAL) < 0) {
            throw new IllegalArgumentException("the digest interval must be at least 10s, not " + digestInterval);
        }
        requireNonNull(signingKeyRotation, "signingKeyRotation is null");
        if (signingKeyRotation.compareTo(MINIMUM_SIGNING_KEY_ROTATION) < 0) {
            throw new IllegalArgumentException("the signing key rotation must be at least 10s, not " + signingKeyRotation);
        }
    }

    public static DeliveryConfig defaults()
    {
        return new DeliveryConfig(DEFAULT_INTERVAL, DEFAULT_MAXIMUM_LOG_FILE_BYTES, DEFAULT_DIGEST_INTERVAL, DEFAULT_SIGNING_KEY_ROTATION, false);
    }

    public DeliveryConfig withInterval(Duration newInterval)
    {
        return new DeliveryConfig(newInterval, maximumLogFileBytes, digestInterval, signingKeyRotation, manual);
    }

    public DeliveryConfig withDigests(Duration newDigestInterval, Duration newRotation)
    {
        return new DeliveryConfig(interval, maximumLogFileBytes, newDigestInterval, newRotation, manual);
    }

    /** For tests only: delivery runs when the test steps it ({@link DeliveryScheduler#runDueUnits}), never on its own. */
    public DeliveryConfig withManualDelivery(boolean newManual)
    {
        return new DeliveryConfig(interval, maximumLogFileBytes, digestInterval, signingKeyRotation, newManual);
    }
}
