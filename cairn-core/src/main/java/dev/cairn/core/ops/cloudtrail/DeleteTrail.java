package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.delivery.DeliveryRepository;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes a trail from its home region; delivery of it stops with it.
 */
public final class DeleteTrail
        implements TrailOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "DeleteTrail";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Trail trail = Trails.requireInHomeRegion(call, new TrailRepository(metadata), Trails.text(call, "Name"));
        // delivery still writes what the trail logged up to now (this call included) and closes its digest chain
        Trail retired = new TrailRepository(metadata).retire(trail, call.receivedAt());
        new DeliveryRepository(metadata).retire(trail, retired);
        return Trails.NODES.objectNode();
    }
}
