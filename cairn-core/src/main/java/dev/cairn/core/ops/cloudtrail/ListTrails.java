package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailCatalog;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Every trail of the account, whatever its home region, by home region and name; pages of {@value PAGE_SIZE}. AWS
 * documents no order for ListTrails; this one keeps pages stable while trails are created and deleted between them.
 */
public final class ListTrails
        implements ReadOperation
{
    private final TrailCatalog trails;

    public ListTrails(TrailCatalog trails)
    {
        this.trails = java.util.Objects.requireNonNull(trails, "trails is null");
    }

    @Override
    public boolean readsMetadata()
    {
        return false;
    }

    static final int PAGE_SIZE = 50;

    @Override
    public Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    public String name()
    {
        return "ListTrails";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        List<Trail> all = new java.util.ArrayList<>(trails.trails(call.accountId()));
        // a member account lists its organization's trails too, ordered with its own
        all.addAll(trails.organizationTrailsFor(call.accountId()));
        all.sort(java.util.Comparator.comparing(Trail::homeRegion).thenComparing(Trail::name).thenComparing(Trail::accountId));
        Optional<String> after = Trails.optionalText(call, "NextToken").map(ListTrails::decode);
        ObjectNode output = Trails.NODES.objectNode();
        ArrayNode list = output.putArray("Trails");
        String last = null;
        for (Trail trail : all) {
            String key = trail.homeRegion() + "/" + trail.name();
            if (after.isPresent() && key.compareTo(after.get()) <= 0) {
                continue;
            }
            if (list.size() == PAGE_SIZE) {
                output.put("NextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
                break;
            }
            list.add(Trails.trailInfo(trail));
            last = key;
        }
        return output;
    }

    private static String decode(String token)
    {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            throw new CairnException(ErrorCode.VALIDATION, "Invalid NextToken: pass the NextToken of a previous ListTrails response.");
        }
    }
}
