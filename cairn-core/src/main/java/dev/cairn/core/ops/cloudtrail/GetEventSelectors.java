package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.trail.EventSelectors;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailCatalog;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

public final class GetEventSelectors
        implements TrailOperation, ReadOperation
{
    private final TrailCatalog trails;

    public GetEventSelectors(TrailCatalog trails)
    {
        this.trails = java.util.Objects.requireNonNull(trails, "trails is null");
    }

    @Override
    public boolean readsMetadata()
    {
        return false;
    }

    @Override
    public String name()
    {
        return "GetEventSelectors";
    }

    @Override
    public String trailMember()
    {
        return "TrailName";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Trail trail = Trails.require(call, trails, Trails.text(call, "TrailName"));
        ObjectNode output = Trails.NODES.objectNode();
        output.put("TrailARN", trail.arn());
        if (trail.advancedEventSelectors().isPresent()) {
            output.set("AdvancedEventSelectors", trail.advancedEventSelectors().get().deepCopy());
        }
        else {
            output.set("EventSelectors", trail.eventSelectors().isPresent() ? trail.eventSelectors().get().deepCopy() : EventSelectors.defaultSelectors());
        }
        return output;
    }
}
