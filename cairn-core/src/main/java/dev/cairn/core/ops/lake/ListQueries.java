package dev.cairn.core.ops.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeQueries;
import dev.cairn.core.lake.LakeQueryState;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The queries of an event data store of the last seven days, newest first, optionally of a creation time range
 * ({@code StartTime}, {@code EndTime}) and a status; {@code MaxResults} a page (default and most 1,000).
 */
public final class ListQueries
        implements QueryOperation, ReadOperation
{
    private static final int DEFAULT_PAGE = 1_000;

    private final LakeQueries queries;

    public ListQueries(LakeQueries queries)
    {
        this.queries = requireNonNull(queries, "queries is null");
    }

    @Override
    public String name()
    {
        return "ListQueries";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        EventDataStore store = EventDataStores.require(call, metadata, EventDataStores.text(call, "EventDataStore"));
        Optional<Instant> start = instant(call, "StartTime");
        Optional<Instant> end = instant(call, "EndTime");
        if (start.isPresent() && end.isPresent() && start.get().isAfter(end.get())) {
            throw new CairnException(ErrorCode.INVALID_DATE_RANGE, "StartTime must not be after EndTime.");
        }
        Optional<String> status = EventDataStores.optionalText(call, "QueryStatus");
        List<LakeQueryState> matching = new LakeRepository(metadata).queries(store.accountId()).stream()
                .filter(query -> query.storeIds().contains(store.id()))
                .map(queries::current)
                .filter(query -> start.map(time -> !query.created().isBefore(time)).orElse(true))
                .filter(query -> end.map(time -> !query.created().isAfter(time)).orElse(true))
                .filter(query -> status.map(query.status()::equals).orElse(true))
                .sorted(Comparator.comparing(LakeQueryState::created).reversed().thenComparing(LakeQueryState::queryId))
                .toList();
        int limit = EventDataStores.optionalInt(call, "MaxResults").orElse(DEFAULT_PAGE);
        int offset = Queries.TOKENS.decode(EventDataStores.optionalText(call, "NextToken")).map(ListQueries::offset).orElse(0);
        ObjectNode output = EventDataStores.NODES.objectNode();
        ArrayNode list = output.putArray("Queries");
        for (LakeQueryState query : matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))) {
            ObjectNode entry = list.addObject();
            entry.put("QueryId", query.queryId());
            entry.put("QueryStatus", query.status());
            entry.put("CreationTime", query.created().getEpochSecond() + query.created().getNano() / 1e9);
        }
        if (offset + limit < matching.size()) {
            output.put("NextToken", Queries.TOKENS.encode("list/" + (offset + limit)));
        }
        return output;
    }

    private static int offset(String position)
    {
        try {
            if (position.startsWith("list/")) {
                return Integer.parseInt(position.substring("list/".length()));
            }
        }
        catch (NumberFormatException e) {
            // answered below
        }
        throw new CairnException(ErrorCode.INVALID_NEXT_TOKEN, "NextToken is not one ListQueries gave; start again without it.");
    }

    private static Optional<Instant> instant(CallContext call, String member)
    {
        return call.input().has(member) ? Optional.of(Instant.ofEpochMilli((long) (call.input().get(member).asDouble() * 1000))) : Optional.empty();
    }
}
