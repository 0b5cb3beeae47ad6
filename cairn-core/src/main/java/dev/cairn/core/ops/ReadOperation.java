package dev.cairn.core.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * An operation that changes nothing.
 */
public interface ReadOperation
        extends Operation
{
    @Override
    default boolean readOnly()
    {
        return true;
    }

    /**
     * Whether {@link #execute} reads the metadata it is given. Operations answered from caches say no, and run
     * without opening a read transaction (they are then given a reader that refuses every use).
     */
    default boolean readsMetadata()
    {
        return true;
    }

    /**
     * @return the output members, keyed by model member names
     * @throws dev.cairn.core.CairnException for errors the caller should see
     */
    ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException;
}
