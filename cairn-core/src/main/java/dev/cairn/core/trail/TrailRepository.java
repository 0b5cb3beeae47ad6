package dev.cairn.core.trail;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trails and their delivery state as metadata documents.
 *
 * <p>Layout (kind / scope / key): {@code cloudtrail.trail / account / homeRegion/name};
 * {@code cloudtrail.delivery / account / homeRegion/name/region} for each region a trail delivers from. Trail names
 * are case-sensitive, as in CloudTrail.
 */
public final class TrailRepository
        implements TrailSource
{
    static final String TRAIL = "cloudtrail.trail";
    static final String DELIVERY = "cloudtrail.delivery";

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

    /** Deletes the trail and its delivery state. */
    public void delete(Trail trail)
            throws IOException
    {
        String key = trail.homeRegion() + "/" + trail.name();
        writer().delete(TRAIL, trail.accountId(), key);
        for (Document document : reader.list(DELIVERY, trail.accountId(), key + "/", "", Integer.MAX_VALUE)) {
            writer().delete(DELIVERY, trail.accountId(), document.key());
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
        if (reader.get(TRAIL, trail.accountId(), trail.homeRegion() + "/" + trail.name()).isEmpty()) {
            return false;
        }
        writer().put(DELIVERY, trail.accountId(), deliveryKey(trail, region), mapper.writeValueAsBytes(state));
        return true;
    }

    private static String deliveryKey(Trail trail, String region)
    {
        return trail.homeRegion() + "/" + trail.name() + "/" + region;
    }
}
