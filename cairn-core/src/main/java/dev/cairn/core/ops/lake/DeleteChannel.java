package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes a channel, with its resource policy: PutAuditEvents calls naming it fail from now on. The events it brought
 * stay in their event data stores.
 */
public final class DeleteChannel
        implements ChannelOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "DeleteChannel";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        new LakeRepository(metadata).remove(Channels.require(call, metadata, EventDataStores.text(call, MEMBER)));
        return EventDataStores.NODES.objectNode();
    }
}
