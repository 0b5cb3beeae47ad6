package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * One event data store, by ARN or ID, pending deletion or not. Lake query federation is not offered: its status is
 * always {@code DISABLED}.
 */
public final class GetEventDataStore
        implements EventDataStoreOperation, ReadOperation
{
    @Override
    public String name()
    {
        return "GetEventDataStore";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        ObjectNode output = EventDataStores.output(EventDataStores.require(call, metadata, EventDataStores.text(call, MEMBER)));
        output.put("FederationStatus", "DISABLED");
        return output;
    }
}
