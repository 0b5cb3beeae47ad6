package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Where one trail's delivery to its CloudWatch Logs log group stands, from one region (of one account's events). It
 * is stored in the batch that appends the log events, so a crash neither loses nor repeats one.
 *
 * @param checkpoint every journal entry up to this position is in the log group, or not for this trail
 * @param latestDeliveryTime when log events were last appended ({@code LatestCloudWatchLogsDeliveryTime})
 * @param latestDeliveryError why the last attempt failed, cleared by a success ({@code LatestCloudWatchLogsDeliveryError})
 */
public record CloudWatchLogsState(long checkpoint, Optional<Instant> latestDeliveryTime, Optional<String> latestDeliveryError)
{
    public CloudWatchLogsState
    {
        requireNonNull(latestDeliveryTime, "latestDeliveryTime is null");
        requireNonNull(latestDeliveryError, "latestDeliveryError is null");
    }

    static CloudWatchLogsState startingAt(long checkpoint)
    {
        return new CloudWatchLogsState(checkpoint, Optional.empty(), Optional.empty());
    }

    CloudWatchLogsState delivered(long position, Instant now)
    {
        return new CloudWatchLogsState(position, Optional.of(now), Optional.empty());
    }

    /** Past entries that could not be delivered (the log group is gone): as CloudTrail, they are not kept for later. */
    CloudWatchLogsState skipped(long position, String error)
    {
        return new CloudWatchLogsState(position, latestDeliveryTime, Optional.of(error));
    }

    /** An attempt that failed and will be made again: nothing is passed over. */
    CloudWatchLogsState failed(String error)
    {
        return new CloudWatchLogsState(checkpoint, latestDeliveryTime, Optional.of(error));
    }

    CloudWatchLogsState advancedTo(long position)
    {
        return new CloudWatchLogsState(Math.max(checkpoint, position), latestDeliveryTime, latestDeliveryError);
    }
}
