package dev.cairn.core.trail;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trails as metadata documents: {@code cloudtrail.trail / account / homeRegion/name}. Trail names are case-sensitive,
 * as in CloudTrail.
 *
 * <p>A deleted trail whose delivery is not finished yet is kept as {@code cloudtrail.retired-trail / account /
 * homeRegion/name#deletedMillis}, so that a new trail of the same name starts afresh while the old one writes its last
 * files and closing digest. Delivery keeps its own state for each trail (see {@code delivery.DeliveryRepository}),
 * under the trail's {@link #storeKey}.
 */
public final class TrailRepository
        implements TrailSource
{
    static final String TRAIL = "cloudtrail.trail";
    static final String RETIRED = "cloudtrail.retired-trail";

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
    public List<Trail> organizationTrailsFor(String accountId)
            throws IOException
    {
        Optional<Organization> organization = new OrganizationRepository(reader).organizationOf(accountId);
        if (organization.isEmpty() || organization.get().managementAccountId().equals(accountId)) {
            return List.of();
        }
        String id = organization.get().id();
        return trails(organization.get().managementAccountId()).stream()
                .filter(trail -> trail.organizationId().equals(Optional.of(id)))
                .toList();
    }

    @Override
    public boolean managesOrganizationTrail(String accountId, Trail trail)
            throws IOException
    {
        if (trail.organizationId().isEmpty()) {
            return false;
        }
        return new OrganizationRepository(reader).isDelegatedAdministrator(trail.organizationId().get(), accountId, BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL);
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
     * DeleteTrail: the trail is gone from the API at once; the retired trail it becomes is delivered up to {@code now}
     * and then {@link #forget}-ten. Returns the retired trail.
     */
    public Trail retire(Trail trail, Instant now)
            throws IOException
    {
        Trail retired = trail.retire(now);
        writer().delete(TRAIL, trail.accountId(), storeKey(trail));
        writer().put(RETIRED, trail.accountId(), storeKey(retired), mapper.writeValueAsBytes(retired));
        return retired;
    }

    /** Deletes a retired trail whose delivery has finished. */
    public void forget(Trail retired)
            throws IOException
    {
        if (retired.deleted().isEmpty()) {
            throw new IllegalArgumentException("not a retired trail: " + retired.arn());
        }
        writer().delete(RETIRED, retired.accountId(), storeKey(retired));
    }

    /** Whether this trail (not a later one of the same name) still exists, or is still retiring. */
    public boolean exists(Trail trail)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(trail.deleted().isPresent() ? RETIRED : TRAIL, trail.accountId(), storeKey(trail));
        return bytes.isPresent() && mapper.readValue(bytes.get(), Trail.class).created().equals(trail.created());
    }

    /**
     * {@code homeRegion/name}, and {@code #deletedMillis} for a retired trail (names cannot hold a '#'): the key of the
     * trail's documents, and of the state others keep for it.
     */
    public static String storeKey(Trail trail)
    {
        return trail.homeRegion() + "/" + trail.name() + trail.deleted().map(deleted -> "#" + deleted.toEpochMilli()).orElse("");
    }
}
