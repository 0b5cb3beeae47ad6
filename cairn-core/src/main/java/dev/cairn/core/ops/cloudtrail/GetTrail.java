package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.trail.TrailCatalog;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

public final class GetTrail
        implements TrailOperation, ReadOperation
{
    private final TrailCatalog trails;

    public GetTrail(TrailCatalog trails)
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
        return "GetTrail";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        ObjectNode output = Trails.NODES.objectNode();
        output.set("Trail", Trails.trail(Trails.requireNamedAsGiven(call, trails, Trails.text(call, "Name"))));
        return output;
    }
}
