package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailCatalog;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The call region's trails, with the shadows of multi-region trails from other regions unless
 * {@code includeShadowTrails} is false; or the trails named in {@code trailNameList} (names in this region, ARNs in
 * any), in the order named, leaving out names that match nothing, as CloudTrail does.
 *
 * <p>Order: AWS documents none. Its own example output (the CloudTrail user guide's describe-trails in us-east-2)
 * lists the region's own trails first, not by name, and the shadow of a trail from another region last; so Cairn
 * lists the region's own trails in the order they were created, then the shadows, by home region and creation.
 */
public final class DescribeTrails
        implements ReadOperation
{
    private final TrailCatalog trails;

    public DescribeTrails(TrailCatalog trails)
    {
        this.trails = java.util.Objects.requireNonNull(trails, "trails is null");
    }

    @Override
    public boolean readsMetadata()
    {
        return false;
    }

    @Override
    public Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    public String name()
    {
        return "DescribeTrails";
    }

    @Override
    public Optional<ErrorCode> validationError(String member)
    {
        return member.equals("trailNameList") ? Optional.of(ErrorCode.INVALID_TRAIL_NAME) : Optional.empty();
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        boolean includeShadows = Trails.optionalBoolean(call, "includeShadowTrails").orElse(true);
        List<Trail> visible = trails.visibleWithOrganizationIn(call.accountId(), call.region()).stream()
                .sorted(Comparator.comparing((Trail trail) -> !trail.homeRegion().equals(call.region()))
                        .thenComparing(Trail::homeRegion)
                        .thenComparing(Trail::created)
                        .thenComparing(Trail::name))
                .toList();
        Map<String, Trail> selected = new LinkedHashMap<>();
        JsonNode names = call.input().path("trailNameList");
        if (names.isEmpty()) {
            for (Trail trail : visible) {
                if (includeShadows || trail.homeRegion().equals(call.region())) {
                    selected.put(trail.arn(), trail);
                }
            }
        }
        else {
            for (JsonNode name : names) {
                Trails.find(call, trails, name.asText())
                        .filter(trail -> includeShadows || trail.homeRegion().equals(call.region()) || Trails.isArn(name.asText()))
                        .ifPresent(trail -> selected.put(trail.arn(), trail));
            }
        }
        ObjectNode output = Trails.NODES.objectNode();
        ArrayNode list = output.putArray("trailList");
        for (Trail trail : new ArrayList<>(selected.values())) {
            list.add(Trails.trail(trail));
        }
        return output;
    }
}
