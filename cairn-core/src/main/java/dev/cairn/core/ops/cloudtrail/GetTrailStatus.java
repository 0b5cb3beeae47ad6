package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.delivery.CloudWatchLogsState;
import dev.cairn.core.delivery.DeliveryRepository;
import dev.cairn.core.delivery.DeliveryState;
import dev.cairn.core.delivery.DigestState;
import dev.cairn.core.delivery.NotificationState;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.Optional;

/**
 * Logging state and delivery status in the call's region (for a single-region trail seen from elsewhere through its
 * ARN: its home region's). The string-typed time members carry ISO-8601 texts, empty when there is nothing to say,
 * as CloudTrail answers them.
 */
public final class GetTrailStatus
        implements TrailOperation, ReadOperation
{
    @Override
    public String name()
    {
        return "GetTrailStatus";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        TrailRepository trails = new TrailRepository(metadata);
        Trail trail = Trails.require(call, trails, Trails.text(call, "Name"));
        String region = trail.visibleIn(call.region()) ? call.region() : trail.homeRegion();
        DeliveryRepository delivery = new DeliveryRepository(metadata);
        DeliveryState state = delivery.deliveryState(trail, region).orElse(DeliveryState.INITIAL);
        DigestState digests = delivery.digestState(trail, region).orElse(DigestState.INITIAL);
        ObjectNode output = Trails.NODES.objectNode();
        output.put("IsLogging", trail.logging());
        state.latestDeliveryError().ifPresent(error -> output.put("LatestDeliveryError", error));
        state.latestDeliveryTime().ifPresent(time -> output.put("LatestDeliveryTime", Trails.epochSeconds(time)));
        Optional<CloudWatchLogsState> cloudWatchLogs = delivery.cloudWatchLogsState(trail, region, trail.accountId());
        cloudWatchLogs.flatMap(CloudWatchLogsState::latestDeliveryError).ifPresent(error -> output.put("LatestCloudWatchLogsDeliveryError", error));
        cloudWatchLogs.flatMap(CloudWatchLogsState::latestDeliveryTime).ifPresent(time -> output.put("LatestCloudWatchLogsDeliveryTime", Trails.epochSeconds(time)));
        digests.latestDeliveryTime().ifPresent(time -> output.put("LatestDigestDeliveryTime", Trails.epochSeconds(time)));
        digests.latestDeliveryError().ifPresent(error -> output.put("LatestDigestDeliveryError", error));
        trail.startLoggingTime().ifPresent(time -> output.put("StartLoggingTime", Trails.epochSeconds(time)));
        trail.stopLoggingTime().ifPresent(time -> output.put("StopLoggingTime", Trails.epochSeconds(time)));
        output.put("LatestDeliveryAttemptTime", state.latestAttemptTime().map(Trails::statusTime).orElse(""));
        output.put("LatestDeliveryAttemptSucceeded", state.latestDeliveryTime().map(Trails::statusTime).orElse(""));
        NotificationState notifications = delivery.notificationState(trail, region, trail.accountId()).orElse(NotificationState.INITIAL);
        notifications.latestNotificationError().ifPresent(error -> output.put("LatestNotificationError", error));
        notifications.latestNotificationTime().ifPresent(time -> output.put("LatestNotificationTime", Trails.epochSeconds(time)));
        output.put("LatestNotificationAttemptTime", notifications.latestAttemptTime().map(Trails::statusTime).orElse(""));
        output.put("LatestNotificationAttemptSucceeded", notifications.latestNotificationTime().map(Trails::statusTime).orElse(""));
        output.put("TimeLoggingStarted", trail.startLoggingTime().map(Trails::statusTime).orElse(""));
        output.put("TimeLoggingStopped", trail.stopLoggingTime().map(Trails::statusTime).orElse(""));
        return output;
    }
}
