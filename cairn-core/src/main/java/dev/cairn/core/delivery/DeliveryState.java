package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Where one trail's delivery from one region stands. Stored durably at each step, so that a restart neither loses
 * nor repeats a log file.
 *
 * @param checkpoint every journal entry up to this position is either in a delivered file or not for this trail
 * @param pending a file decided but not yet known to be written: after a crash it is written again under the same
 *         key with the same entries, so a retry overwrites rather than duplicates
 * @param latestDeliveryTime when a log file was last written
 * @param latestDeliveryError the error of the last failed attempt, cleared by a success
 * @param latestAttemptTime when a write was last attempted
 * @param latestAttemptSucceeded whether that attempt succeeded
 */
public record DeliveryState(
        long checkpoint,
        Optional<PendingFile> pending,
        Optional<Instant> latestDeliveryTime,
        Optional<String> latestDeliveryError,
        Optional<Instant> latestAttemptTime,
        boolean latestAttemptSucceeded)
{
    public static final DeliveryState INITIAL = new DeliveryState(0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

    public DeliveryState
    {
        requireNonNull(pending, "pending is null");
        requireNonNull(latestDeliveryTime, "latestDeliveryTime is null");
        requireNonNull(latestDeliveryError, "latestDeliveryError is null");
        requireNonNull(latestAttemptTime, "latestAttemptTime is null");
    }

    public DeliveryState withPending(PendingFile file)
    {
        return new DeliveryState(checkpoint, Optional.of(file), latestDeliveryTime, latestDeliveryError, latestAttemptTime, latestAttemptSucceeded);
    }

    public DeliveryState delivered(PendingFile file, Instant now)
    {
        return new DeliveryState(file.lastPosition(), Optional.empty(), Optional.of(now), Optional.empty(), Optional.of(now), true);
    }

    public DeliveryState failed(String error, Instant now)
    {
        return new DeliveryState(checkpoint, pending, latestDeliveryTime, Optional.of(error), Optional.of(now), false);
    }

    public DeliveryState advancedTo(long position)
    {
        return new DeliveryState(Math.max(checkpoint, position), pending, latestDeliveryTime, latestDeliveryError, latestAttemptTime, latestAttemptSucceeded);
    }

    /**
     * A log file about to be written: the journal entries after {@code afterPosition} up to {@code lastPosition}
     * that the trail takes, under {@code key}.
     */
    public record PendingFile(long afterPosition, long lastPosition, String key, int records)
    {
        public PendingFile
        {
            requireNonNull(key, "key is null");
        }
    }
}
