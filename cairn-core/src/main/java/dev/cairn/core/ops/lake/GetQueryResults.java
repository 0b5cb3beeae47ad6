package dev.cairn.core.ops.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.LakeQueries;
import dev.cairn.core.lake.LakeQueryState;
import dev.cairn.core.lake.LakeResults;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;

/**
 * A page of a query's results: each row a list of one-member objects (column name to value, as Lake answers them),
 * {@code MaxQueryResults} a page (at most 1,000, the default), an opaque {@code NextToken} while more remain. A query
 * still queued or running answers its status and no rows; a failed one its error.
 */
public final class GetQueryResults
        implements QueryOperation, ReadOperation
{
    private static final int DEFAULT_PAGE = 1_000;

    private final LakeQueries queries;
    private final LakeResults results;

    public GetQueryResults(LakeQueries queries, LakeResults results)
    {
        this.queries = requireNonNull(queries, "queries is null");
        this.results = requireNonNull(results, "results is null");
    }

    @Override
    public String name()
    {
        return "GetQueryResults";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        LakeQueryState query = queries.current(Queries.require(call, metadata));
        int limit = EventDataStores.optionalInt(call, "MaxQueryResults").orElse(DEFAULT_PAGE);
        long offset = Queries.TOKENS.decode(EventDataStores.optionalText(call, "NextToken")).map(position -> offset(query, position)).orElse(0L);
        ObjectNode output = EventDataStores.NODES.objectNode();
        output.put("QueryStatus", query.status());
        query.errorMessage().ifPresent(message -> output.put("ErrorMessage", message));
        ArrayNode rows = output.putArray("QueryResultRows");
        ObjectNode statistics = output.putObject("QueryStatistics");
        statistics.put("BytesScanned", query.bytesScanned());
        if (query.active()) {
            statistics.put("ResultsCount", 0);
            statistics.put("TotalResultsCount", 0);
            return output;
        }
        LakeResults.Page page = results.page(query.queryId(), offset, limit);
        for (List<String> values : page.rows()) {
            ArrayNode row = rows.addArray();
            for (int i = 0; i < values.size(); i++) {
                ObjectNode column = row.addObject();
                if (values.get(i) == null) {
                    column.putNull(page.columns().get(i));
                }
                else {
                    column.put(page.columns().get(i), values.get(i));
                }
            }
        }
        statistics.put("ResultsCount", page.rows().size());
        statistics.put("TotalResultsCount", (int) Math.min(Integer.MAX_VALUE, page.total()));
        if (offset + page.rows().size() < page.total()) {
            output.put("NextToken", Queries.TOKENS.encode(query.queryId() + "/" + (offset + page.rows().size())));
        }
        return output;
    }

    private static long offset(LakeQueryState query, String decoded)
    {
        String prefix = query.queryId() + "/";
        try {
            if (decoded.startsWith(prefix)) {
                return Long.parseLong(decoded.substring(prefix.length()));
            }
        }
        catch (NumberFormatException e) {
            // answered below
        }
        throw new CairnException(ErrorCode.INVALID_NEXT_TOKEN, "NextToken is not one GetQueryResults gave for query " + query.queryId() + ".");
    }
}
