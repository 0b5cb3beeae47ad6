package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Stops delivery: events up to this call (this call's own event included) are still delivered, later ones are not.
 */
public final class StopLogging
        implements TrailOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "StopLogging";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Trail trail = Trails.requireInHomeRegion(call, new TrailRepository(metadata), Trails.text(call, "Name"));
        new TrailRepository(metadata).put(trail.stopLogging(call.receivedAt()));
        return Trails.NODES.objectNode();
    }
}
