package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.core.digest.DeliveredLog;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delivery's own state for each trail, as metadata documents keyed by the trail's {@link TrailRepository#storeKey}
 * and the region delivered from (kind / scope / key): {@code cloudtrail.delivery / account / homeRegion/name/region}
 * ({@link DeliveryState}), {@code cloudtrail.digest / account / homeRegion/name/region} ({@link DigestState}) and
 * {@code cloudtrail.delivered-log / account / homeRegion/name/region/position} for each log file written since the last
 * digest (with log file validation on), and {@code cloudtrail.cloudwatch-logs / account / homeRegion/name/region}
 * ({@link CloudWatchLogsState}) for a trail with a log group, and {@code cloudtrail.notification / account /
 * homeRegion/name/region} ({@link NotificationState}) for a trail with an SNS topic. An organization trail keeps these for each member account other than its own
 * under {@code region@account}. GetTrailStatus reads it; only delivery writes it, except that DeleteTrail
 * moves it to the retired trail ({@link #retire}).
 */
public final class DeliveryRepository
{
    static final String DELIVERY = "cloudtrail.delivery";
    static final String DIGEST = "cloudtrail.digest";
    static final String DELIVERED_LOG = "cloudtrail.delivered-log";
    static final String CLOUDWATCH_LOGS = "cloudtrail.cloudwatch-logs";
    static final String NOTIFICATION = "cloudtrail.notification";
    private static final List<String> KINDS = List.of(DELIVERY, DIGEST, DELIVERED_LOG, CLOUDWATCH_LOGS, NOTIFICATION);

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public DeliveryRepository(MetadataReader reader)
    {
        this.reader = requireNonNull(reader, "reader is null");
    }

    private MetadataWriter writer()
    {
        if (!(reader instanceof MetadataWriter writer)) {
            throw new IllegalStateException("read-only access");
        }
        return writer;
    }

    public Optional<DeliveryState> deliveryState(Trail trail, String region)
            throws IOException
    {
        return deliveryState(trail, region, trail.accountId());
    }

    /** Of one member account's delivery, for an organization trail (the trail's own account for any other). */
    public Optional<DeliveryState> deliveryState(Trail trail, String region, String account)
            throws IOException
    {
        return read(DELIVERY, trail, key(trail, region, account), DeliveryState.class);
    }

    /** Stores the state unless the trail is gone (it may be deleted while a file is being delivered). */
    public boolean putDeliveryState(Trail trail, String region, String account, DeliveryState state)
            throws IOException
    {
        return putIfTrailExists(DELIVERY, trail, key(trail, region, account), state);
    }

    /** Where delivery to the trail's CloudWatch Logs log group stands, of one account's events from one region. */
    public Optional<CloudWatchLogsState> cloudWatchLogsState(Trail trail, String region, String account)
            throws IOException
    {
        return read(CLOUDWATCH_LOGS, trail, key(trail, region, account), CloudWatchLogsState.class);
    }

    /** Stores the state unless the trail is gone. */
    public boolean putCloudWatchLogsState(Trail trail, String region, String account, CloudWatchLogsState state)
            throws IOException
    {
        return putIfTrailExists(CLOUDWATCH_LOGS, trail, key(trail, region, account), state);
    }

    /** Where the trail's SNS notifications stand, of one account's log files from one region. */
    public Optional<NotificationState> notificationState(Trail trail, String region, String account)
            throws IOException
    {
        return read(NOTIFICATION, trail, key(trail, region, account), NotificationState.class);
    }

    /** Stores the state unless the trail is gone. */
    public boolean putNotificationState(Trail trail, String region, String account, NotificationState state)
            throws IOException
    {
        return putIfTrailExists(NOTIFICATION, trail, key(trail, region, account), state);
    }

    public Optional<DigestState> digestState(Trail trail, String region)
            throws IOException
    {
        return digestState(trail, region, trail.accountId());
    }

    /** Of one member account's delivery, for an organization trail (the trail's own account for any other). */
    public Optional<DigestState> digestState(Trail trail, String region, String account)
            throws IOException
    {
        return read(DIGEST, trail, key(trail, region, account), DigestState.class);
    }

    /** Stores the state unless the trail is gone. */
    public boolean putDigestState(Trail trail, String region, String account, DigestState state)
            throws IOException
    {
        return putIfTrailExists(DIGEST, trail, key(trail, region, account), state);
    }

    private <T> Optional<T> read(String kind, Trail trail, String key, Class<T> type)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(kind, trail.accountId(), key);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), type));
    }

    /** Whether it was stored: a trail deleted (or replaced by one of the same name) since its delivery began keeps nothing. */
    private boolean putIfTrailExists(String kind, Trail trail, String key, Object value)
            throws IOException
    {
        if (!new TrailRepository(reader).exists(trail)) {
            return false;
        }
        writer().put(kind, trail.accountId(), key, mapper.writeValueAsBytes(value));
        return true;
    }

    /** Remembers a written log file for the next digest; the same file written again replaces its entry. */
    public void putDeliveredLog(Trail trail, String region, String account, long lastPosition, DeliveredLog log)
            throws IOException
    {
        writer().put(DELIVERED_LOG, trail.accountId(), key(trail, region, account) + "/" + String.format("%020d", lastPosition), mapper.writeValueAsBytes(log));
    }

    /** The log files written since the last digest, in the order they were written, with their document keys. */
    public List<Map.Entry<String, DeliveredLog>> deliveredLogs(Trail trail, String region, String account)
            throws IOException
    {
        List<Map.Entry<String, DeliveredLog>> logs = new ArrayList<>();
        for (Document document : reader.list(DELIVERED_LOG, trail.accountId(), key(trail, region, account) + "/", "", Integer.MAX_VALUE)) {
            logs.add(Map.entry(document.key(), mapper.readValue(document.value(), DeliveredLog.class)));
        }
        return logs;
    }

    /**
     * Forgets a log file a digest has listed, by the document key {@link #deliveredLogs} gave (or the same under the
     * trail's name before it was retired).
     */
    public void deleteDeliveredLog(Trail trail, String region, String account, String documentKey)
            throws IOException
    {
        writer().delete(DELIVERED_LOG, trail.accountId(), key(trail, region, account) + documentKey.substring(documentKey.lastIndexOf('/')));
    }

    /** DeleteTrail: the trail's delivery state moves to the retired trail it became, which finishes the delivery. */
    public void retire(Trail trail, Trail retired)
            throws IOException
    {
        String from = TrailRepository.storeKey(trail);
        String to = TrailRepository.storeKey(retired);
        for (String kind : KINDS) {
            for (Document document : reader.list(kind, trail.accountId(), from + "/", "", Integer.MAX_VALUE)) {
                writer().put(kind, trail.accountId(), to + document.key().substring(from.length()), document.value());
                writer().delete(kind, trail.accountId(), document.key());
            }
        }
    }

    /** Deletes a retired trail whose delivery has finished, with its delivery state. */
    public void forget(Trail retired)
            throws IOException
    {
        new TrailRepository(writer()).forget(retired);
        String key = TrailRepository.storeKey(retired);
        for (String kind : KINDS) {
            for (Document document : reader.list(kind, retired.accountId(), key + "/", "", Integer.MAX_VALUE)) {
                writer().delete(kind, retired.accountId(), document.key());
            }
        }
    }

    /**
     * {@code homeRegion/name/region}, and for a member account of an organization trail
     * {@code homeRegion/name/region@account}: each member account has its own files and digest chain.
     */
    private static String key(Trail trail, String region, String account)
    {
        return TrailRepository.storeKey(trail) + "/" + region + (account.equals(trail.accountId()) ? "" : "@" + account);
    }
}
