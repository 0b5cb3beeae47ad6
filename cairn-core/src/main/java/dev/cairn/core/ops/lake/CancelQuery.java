package dev.cairn.core.ops.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.LakeQueries;
import dev.cairn.core.lake.LakeQueryState;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * Cancels a queued or running query; one that has finished is {@code InactiveQueryException}. The query stops at
 * once, and its state is stored {@code CANCELLED} by the node that ran it (the answer says so already). A query
 * that runs on another node of a scale-out deployment is cancelled there only: {@code ConflictException} names it.
 */
public final class CancelQuery
        implements QueryOperation, ReadOperation
{
    private final LakeQueries queries;

    public CancelQuery(LakeQueries queries)
    {
        this.queries = requireNonNull(queries, "queries is null");
    }

    @Override
    public String name()
    {
        return "CancelQuery";
    }

    @Override
    public boolean readOnly()
    {
        return false;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        LakeQueryState query = queries.current(Queries.require(call, metadata));
        if (!query.active()) {
            throw new CairnException(ErrorCode.INACTIVE_QUERY, "Query " + query.queryId() + " is " + query.status() + ": only queued or running queries can be cancelled.");
        }
        if (!queries.cancel(query.queryId())) {
            throw new CairnException(ErrorCode.CONFLICT, "Query " + query.queryId() + " runs on node " + query.node() + ": cancel it there.");
        }
        ObjectNode output = EventDataStores.NODES.objectNode();
        output.put("QueryId", query.queryId());
        output.put("QueryStatus", LakeQueryState.CANCELLED);
        return output;
    }
}
