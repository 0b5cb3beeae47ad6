package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Starts delivery: events from this call on go to the trail. Starting a logging trail changes nothing.
 */
public final class StartLogging
        implements TrailOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "StartLogging";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Trail trail = Trails.requireInHomeRegion(call, new TrailRepository(metadata), Trails.text(call, "Name"));
        new TrailRepository(metadata).put(trail.startLogging(call.receivedAt()));
        return Trails.NODES.objectNode();
    }
}
