package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.ops.PageTokens;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The account's event data stores that appear in the call's region (its single-region stores there and its
 * multi-region stores), pending deletion or not, oldest first; pages of {@code MaxResults} (at most and by default
 * 1,000). Each entry is its ARN and name: the model marks the other members of {@code EventDataStore} as no longer
 * returned by ListEventDataStores.
 */
public final class ListEventDataStores
        implements EventDataStoreOperation, ReadOperation
{
    static final int MAXIMUM_RESULTS = 1_000;
    private static final PageTokens TOKENS = new PageTokens("eds:",
            () -> new CairnException(ErrorCode.INVALID_NEXT_TOKEN, "Invalid NextToken: pass the NextToken of a previous ListEventDataStores response."));

    @Override
    public String name()
    {
        return "ListEventDataStores";
    }

    @Override
    public Optional<ErrorCode> validationError(String member)
    {
        return switch (member) {
            case "MaxResults" -> Optional.of(ErrorCode.INVALID_MAX_RESULTS);
            case "NextToken" -> Optional.of(ErrorCode.INVALID_NEXT_TOKEN);
            default -> Optional.empty();
        };
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        int maximum = EventDataStores.optionalInt(call, "MaxResults").orElse(MAXIMUM_RESULTS);
        Optional<String> after = TOKENS.decode(EventDataStores.optionalText(call, "NextToken"));
        List<EventDataStore> stores = EventDataStores.accountStores(call, metadata, call.accountId()).stream()
                .filter(store -> store.visibleIn(call.region()))
                .sorted(Comparator.comparing(ListEventDataStores::position))
                .toList();
        ObjectNode output = EventDataStores.NODES.objectNode();
        ArrayNode list = output.putArray("EventDataStores");
        String last = null;
        for (EventDataStore store : stores) {
            String position = position(store);
            if (after.isPresent() && position.compareTo(after.get()) <= 0) {
                continue;
            }
            if (list.size() == maximum) {
                output.put("NextToken", TOKENS.encode(last));
                break;
            }
            ObjectNode entry = list.addObject();
            entry.put("EventDataStoreArn", store.arn());
            entry.put("Name", store.name());
            last = position;
        }
        return output;
    }

    /** Creation time (zero-padded milliseconds) then id: stable while stores are renamed, created and deleted between pages. */
    private static String position(EventDataStore store)
    {
        return String.format("%015d/%s", store.created().toEpochMilli(), store.id());
    }
}
