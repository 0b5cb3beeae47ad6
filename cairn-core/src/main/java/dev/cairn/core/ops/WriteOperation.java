package dev.cairn.core.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * An operation that changes state. It runs on the journal writer's thread inside the batch transaction; if it
 * throws, its changes are rolled back and the failure is recorded instead. Keep it short: no waiting, no I/O other
 * than the metadata it is given.
 */
public non-sealed interface WriteOperation
        extends Operation
{
    @Override
    default boolean readOnly()
    {
        return false;
    }

    ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException;
}
