package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

public final class GetTrail
        implements TrailOperation, ReadOperation
{
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
        output.set("Trail", Trails.trail(Trails.require(call, metadata, Trails.text(call, "Name"))));
        return output;
    }
}
