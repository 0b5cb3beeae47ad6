package dev.cairn.core.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.OutboxWriter;

import java.io.IOException;

/**
 * An operation that changes state. It runs on the journal writer's thread inside the batch transaction; if it
 * throws, its changes are rolled back and the failure is recorded instead. Keep it short: no waiting, no I/O other
 * than the metadata it is given.
 */
public interface WriteOperation
        extends Operation
{
    @Override
    default boolean readOnly()
    {
        return false;
    }

    /**
     * Checks that need I/O beyond the metadata (such as whether a bucket exists), on the caller's thread before the
     * call is queued for the journal writer. Throw a {@link dev.cairn.core.CairnException} to fail the call.
     */
    default void prepare(CallContext call, MetadataReader metadata)
            throws IOException
    {
    }

    ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException;

    /**
     * Runs the operation with the batch's outbox as well, for operations that send messages (SNS's Subscribe and
     * Publish): what they enqueue commits with their change and their event, or not at all. By default the operation
     * needs no outbox.
     */
    default ObjectNode execute(CallContext call, MetadataWriter metadata, OutboxWriter outbox)
            throws IOException
    {
        return execute(call, metadata);
    }
}
