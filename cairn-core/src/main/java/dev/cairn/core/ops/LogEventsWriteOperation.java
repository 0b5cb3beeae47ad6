package dev.cairn.core.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.LogEventWriter;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * A write operation that writes log events (PutLogEvents, and the deletes of log groups and streams, which take their
 * events along): its events commit with its record in the journal's batch. One that changes no metadata
 * (PutLogEvents) says so with {@link #changesMetadata()}, so that its batch does not drop caches of identities and
 * trails.
 */
public interface LogEventsWriteOperation
        extends WriteOperation
{
    ObjectNode execute(CallContext call, MetadataWriter metadata, LogEventWriter logEvents)
            throws IOException;

    @Override
    default ObjectNode execute(CallContext call, BatchWriters batch)
            throws IOException
    {
        return execute(call, batch.metadata(), batch.logEvents());
    }

    /** Never called: the dispatcher runs write operations with the whole batch. */
    @Override
    default ObjectNode execute(CallContext call, MetadataWriter metadata)
    {
        throw new UnsupportedOperationException(name() + " writes log events: it runs with the batch's writers");
    }

}
