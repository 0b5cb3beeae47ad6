package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeQuery;
import dev.cairn.core.lake.LakeQueryState;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.lake.LakeSql;
import dev.cairn.core.ops.PageTokens;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Lake's query operations share: translating a query against the caller's event data stores, finding a
 * query of the caller's account, and its members as the model names them.
 */
final class Queries
{
    /** GetQueryResults' and ListQueries' tokens: a query's id and an offset. */
    static final PageTokens TOKENS = new PageTokens("lake-query:",
            () -> new CairnException(ErrorCode.INVALID_NEXT_TOKEN, "NextToken is not one this operation gave; start again without it."));

    private Queries() {}

    /** A query translated, with the stores it reads (IDs resolved as the caller sees them). */
    record Translated(LakeQuery query, Map<String, EventDataStore> stores) {}

    static Translated translate(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Optional<String> statement = EventDataStores.optionalText(call, "QueryStatement");
        if (statement.isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, EventDataStores.optionalText(call, "QueryAlias").isPresent()
                    ? "QueryAlias names the queries of Lake dashboards, which Cairn does not have: give a QueryStatement."
                    : "Give the query's SQL in QueryStatement.");
        }
        Optional<String> owner = EventDataStores.optionalText(call, "EventDataStoreOwnerAccountId");
        if (owner.isPresent() && !owner.get().equals(call.accountId())) {
            throw new CairnException(ErrorCode.EVENT_DATA_STORE_NOT_FOUND, "Cairn queries only the caller's own event data stores, not those of account " + owner.get() + ".");
        }
        List<String> parameters = new ArrayList<>();
        call.input().path("QueryParameters").forEach(value -> parameters.add(value.asText()));
        Map<String, EventDataStore> stores = new LinkedHashMap<>();
        LakeQuery query = LakeSql.translate(statement.get(), parameters, reference -> {
            try {
                Optional<EventDataStore> found = EventDataStores.find(call, metadata, reference);
                found.ifPresent(store -> stores.put(store.id(), store));
                return found.map(EventDataStore::id);
            }
            catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (EventDataStore store : stores.values()) {
            if (store.pendingDeletion()) {
                throw new CairnException(ErrorCode.INACTIVE_EVENT_DATA_STORE, "Event data store " + store.arn() + " is pending deletion: restore it to query it.");
            }
        }
        return new Translated(query, stores);
    }

    static LakeQueryState require(CallContext call, MetadataReader metadata)
            throws IOException
    {
        String queryId = EventDataStores.optionalText(call, "QueryId")
                .orElseThrow(() -> new CairnException(ErrorCode.INVALID_PARAMETER, "Give the QueryId StartQuery answered."));
        // a named store first: another account's store is not found, whatever the query id
        Optional<EventDataStore> named = EventDataStores.optionalText(call, "EventDataStore").isPresent()
                ? Optional.of(EventDataStores.require(call, metadata, EventDataStores.text(call, "EventDataStore")))
                : Optional.empty();
        LakeQueryState query = new LakeRepository(metadata).query(call.accountId(), queryId)
                .orElseThrow(() -> new CairnException(ErrorCode.QUERY_ID_NOT_FOUND, "Query " + queryId + " was not found (queries are kept for seven days)."));
        if (named.isPresent() && !query.storeIds().contains(named.get().id())) {
            throw new CairnException(ErrorCode.QUERY_ID_NOT_FOUND, "Query " + queryId + " does not read event data store " + named.get().arn() + ".");
        }
        return query;
    }

    /** The model's {@code QueryStatisticsForDescribeQuery}. */
    static ObjectNode describeStatistics(LakeQueryState query)
    {
        ObjectNode statistics = EventDataStores.NODES.objectNode();
        statistics.put("EventsMatched", query.eventsMatched());
        statistics.put("EventsScanned", query.eventsScanned());
        statistics.put("BytesScanned", query.bytesScanned());
        statistics.put("ExecutionTimeInMillis", (int) Math.min(Integer.MAX_VALUE, query.executionTimeMillis()));
        statistics.put("CreationTime", query.created().getEpochSecond() + query.created().getNano() / 1e9);
        return statistics;
    }
}
