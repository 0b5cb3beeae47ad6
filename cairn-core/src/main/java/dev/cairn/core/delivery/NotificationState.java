package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Where one trail's SNS notifications of its log files stand, from one region (of one account's events): stored in the
 * batch that marks a file delivered and puts its notification in the outbox. GetTrailStatus shows it.
 *
 * @param latestNotificationTime when a notification was last published to the topic ({@code LatestNotificationTime})
 * @param latestNotificationError why the last one could not be, cleared by a success ({@code LatestNotificationError})
 * @param latestAttemptTime when a notification was last attempted ({@code LatestNotificationAttemptTime})
 */
public record NotificationState(Optional<Instant> latestNotificationTime, Optional<String> latestNotificationError, Optional<Instant> latestAttemptTime)
{
    public static final NotificationState INITIAL = new NotificationState(Optional.empty(), Optional.empty(), Optional.empty());

    public NotificationState
    {
        requireNonNull(latestNotificationTime, "latestNotificationTime is null");
        requireNonNull(latestNotificationError, "latestNotificationError is null");
        requireNonNull(latestAttemptTime, "latestAttemptTime is null");
    }

    NotificationState published(Instant now)
    {
        return new NotificationState(Optional.of(now), Optional.empty(), Optional.of(now));
    }

    NotificationState failed(String error, Instant now)
    {
        return new NotificationState(latestNotificationTime, Optional.of(error), Optional.of(now));
    }
}
