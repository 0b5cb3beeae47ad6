package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Starts the ingestion of live events of a store (see {@link EventDataStoreIngestion}).
 */
public final class StartEventDataStoreIngestion
        implements EventDataStoreOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "StartEventDataStoreIngestion";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        EventDataStoreIngestion.change(call, metadata, true);
        return EventDataStores.NODES.objectNode();
    }
}
