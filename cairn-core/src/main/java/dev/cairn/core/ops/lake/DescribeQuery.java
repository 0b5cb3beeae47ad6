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

/** A query's status, statement, statistics, error and delivery, as DescribeQuery answers them. */
public final class DescribeQuery
        implements QueryOperation, ReadOperation
{
    private final LakeQueries queries;

    public DescribeQuery(LakeQueries queries)
    {
        this.queries = requireNonNull(queries, "queries is null");
    }

    @Override
    public String name()
    {
        return "DescribeQuery";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        if (EventDataStores.optionalText(call, "QueryId").isEmpty() && EventDataStores.optionalText(call, "QueryAlias").isPresent()) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, "QueryAlias names the queries of Lake dashboards, which Cairn does not have: give a QueryId.");
        }
        LakeQueryState query = queries.current(Queries.require(call, metadata));
        ObjectNode output = EventDataStores.NODES.objectNode();
        output.put("QueryId", query.queryId());
        output.put("QueryString", query.statement());
        output.put("QueryStatus", query.status());
        output.set("QueryStatistics", Queries.describeStatistics(query));
        query.errorMessage().ifPresent(message -> output.put("ErrorMessage", message));
        query.deliveryS3Uri().ifPresent(uri -> output.put("DeliveryS3Uri", uri));
        query.deliveryStatus().ifPresent(status -> output.put("DeliveryStatus", status));
        return output;
    }
}
