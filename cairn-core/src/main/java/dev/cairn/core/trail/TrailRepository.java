package dev.cairn.core.trail;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.core.digest.DeliveredLog;
import dev.cairn.core.digest.DigestState;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trails and their delivery state as metadata documents.
 *
 * <p>Layout (kind / scope / key): {@code cloudtrail.trail / account / homeRegion/name};
 * {@code cloudtrail.delivery / account / homeRegion/name/region} for each region a trail delivers from;
 * {@code cloudtrail.digest / account / homeRegion/name/region} for its digest chain, and
 * {@code cloudtrail.delivered-log / account / homeRegion/name/region/position} for each log file written since the last
 * digest (with log file validation on). Trail names are case-sensitive, as in CloudTrail.
 *
 * <p>A deleted trail whose delivery is not finished yet is kept as {@code cloudtrail.retired-trail / account /
 * homeRegion/name#deletedMillis}, its delivery documents moved under that name, so that a new trail of the same name
 * starts afresh while the old one writes its last files and closing digest.
 */
public final class TrailRepository
        implements TrailSource
{
    static final String TRAIL = "cloudtrail.trail";
    static final String DELIVERY = "cloudtrail.delivery";
    static final String DIGEST = "cloudtrail.digest";
    static final String DELIVERED_LOG = "cloudtrail.delivered-log";
    static final String RETIRED = "cloudtrail.retired-trail";
    private static final List<String> DELIVERY_KINDS = List.of(DELIVERY, DIGEST, DELIVERED_LOG);

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public TrailRepository(MetadataReader reader)
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

    @Override
    public List<Trail> trails(String accountId)
            throws IOException
    {
        List<Trail> trails = new ArrayList<>();
        for (Document document : reader.list(TRAIL, accountId, "", "", Integer.MAX_VALUE)) {
            trails.add(mapper.readValue(document.value(), Trail.class));
        }
        return trails;
    }

    @Override
    public Optional<Trail> trail(String accountId, String homeRegion, String name)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(TRAIL, accountId, homeRegion + "/" + name);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), Trail.class));
    }

    public void put(Trail trail)
            throws IOException
    {
        writer().put(TRAIL, trail.accountId(), trail.homeRegion() + "/" + trail.name(), mapper.writeValueAsBytes(trail));
    }

    /** Deleted trails whose delivery has not finished. */
    public List<Trail> retiredTrails(String accountId)
            throws IOException
    {
        List<Trail> trails = new ArrayList<>();
        for (Document document : reader.list(RETIRED, accountId, "", "", Integer.MAX_VALUE)) {
            trails.add(mapper.readValue(document.value(), Trail.class));
        }
        return trails;
    }

    /**
     * DeleteTrail: the trail is gone from the API at once; its delivery state moves to the retired trail, whose
     * delivery writes what the trail logged up to {@code now} and closes its digest chain, then {@link #forget}s it.
     */
    public Trail retire(Trail trail, Instant now)
            throws IOException
    {
        Trail retired = trail.retire(now);
        String from = storeKey(trail);
        String to = storeKey(retired);
        for (String kind : DELIVERY_KINDS) {
            for (Document document : reader.list(kind, trail.accountId(), from + "/", "", Integer.MAX_VALUE)) {
                writer().put(kind, trail.accountId(), to + document.key().substring(from.length()), document.value());
                writer().delete(kind, trail.accountId(), document.key());
            }
        }
        writer().delete(TRAIL, trail.accountId(), from);
        writer().put(RETIRED, trail.accountId(), to, mapper.writeValueAsBytes(retired));
        return retired;
    }

    /** Deletes a retired trail whose delivery has finished, with its delivery state. */
    public void forget(Trail retired)
            throws IOException
    {
        if (retired.deleted().isEmpty()) {
            throw new IllegalArgumentException("not a retired trail: " + retired.arn());
        }
        String key = storeKey(retired);
        writer().delete(RETIRED, retired.accountId(), key);
        for (String kind : DELIVERY_KINDS) {
            for (Document document : reader.list(kind, retired.accountId(), key + "/", "", Integer.MAX_VALUE)) {
                writer().delete(kind, retired.accountId(), document.key());
            }
        }
    }

    public Optional<DeliveryState> deliveryState(Trail trail, String region)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(DELIVERY, trail.accountId(), deliveryKey(trail, region));
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), DeliveryState.class));
    }

    /** Stores the state unless the trail is gone (it may be deleted while a file is being delivered). */
    public boolean putDeliveryState(Trail trail, String region, DeliveryState state)
            throws IOException
    {
        if (!exists(trail)) {
            return false;
        }
        writer().put(DELIVERY, trail.accountId(), deliveryKey(trail, region), mapper.writeValueAsBytes(state));
        return true;
    }

    public Optional<DigestState> digestState(Trail trail, String region)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(DIGEST, trail.accountId(), deliveryKey(trail, region));
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), DigestState.class));
    }

    /** Stores the state unless the trail is gone. */
    public boolean putDigestState(Trail trail, String region, DigestState state)
            throws IOException
    {
        if (!exists(trail)) {
            return false;
        }
        writer().put(DIGEST, trail.accountId(), deliveryKey(trail, region), mapper.writeValueAsBytes(state));
        return true;
    }

    /** Remembers a written log file for the next digest; the same file written again replaces its entry. */
    public void putDeliveredLog(Trail trail, String region, long lastPosition, DeliveredLog log)
            throws IOException
    {
        writer().put(DELIVERED_LOG, trail.accountId(), deliveryKey(trail, region) + "/" + String.format("%020d", lastPosition), mapper.writeValueAsBytes(log));
    }

    /** The log files written since the last digest, in the order they were written, with their document keys. */
    public List<Map.Entry<String, DeliveredLog>> deliveredLogs(Trail trail, String region)
            throws IOException
    {
        List<Map.Entry<String, DeliveredLog>> logs = new ArrayList<>();
        for (Document document : reader.list(DELIVERED_LOG, trail.accountId(), deliveryKey(trail, region) + "/", "", Integer.MAX_VALUE)) {
            logs.add(Map.entry(document.key(), mapper.readValue(document.value(), DeliveredLog.class)));
        }
        return logs;
    }

    /**
     * Forgets a log file a digest has listed, by the document key {@link #deliveredLogs} gave (or the same under the
     * trail's name before it was retired).
     */
    public void deleteDeliveredLog(Trail trail, String region, String documentKey)
            throws IOException
    {
        writer().delete(DELIVERED_LOG, trail.accountId(), deliveryKey(trail, region) + documentKey.substring(documentKey.lastIndexOf('/')));
    }

    /** Whether this trail (not a later one of the same name) still exists, or is still retiring. */
    private boolean exists(Trail trail)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(trail.deleted().isPresent() ? RETIRED : TRAIL, trail.accountId(), storeKey(trail));
        return bytes.isPresent() && mapper.readValue(bytes.get(), Trail.class).created().equals(trail.created());
    }

    /** {@code homeRegion/name}, and {@code #deletedMillis} for a retired trail (names cannot hold a '#'). */
    private static String storeKey(Trail trail)
    {
        return trail.homeRegion() + "/" + trail.name() + trail.deleted().map(deleted -> "#" + deleted.toEpochMilli()).orElse("");
    }

    private static String deliveryKey(Trail trail, String region)
    {
        return storeKey(trail) + "/" + region;
    }
}
