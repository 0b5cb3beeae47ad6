package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Brings back a store pending deletion, within its seven days, from its home region: it is {@code ENABLED} again at
 * once (CloudTrail takes minutes), and ingests live events again. A store that is not pending deletion answers
 * {@code InvalidEventDataStoreStatusException}.
 */
public final class RestoreEventDataStore
        implements EventDataStoreOperation, WriteOperation
{
    private final List<String> regions;

    public RestoreEventDataStore(List<String> regions)
    {
        this.regions = List.copyOf(regions);
    }

    @Override
    public String name()
    {
        return "RestoreEventDataStore";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        EventDataStore store = EventDataStores.requireInHomeRegion(call, metadata, EventDataStores.text(call, MEMBER));
        if (!store.pendingDeletion()) {
            throw new CairnException(ErrorCode.INVALID_EVENT_DATA_STORE_STATUS, "Event data store " + store.arn() + " is " + store.status().name()
                    + ": only an event data store pending deletion can be restored.");
        }
        new IdentityRepository(metadata).lockAccount(store.accountId());
        // a store pending deletion still counts toward the quota: this never exceeds it, unless the quota was lowered
        EventDataStores.checkLimit(call, metadata, store.accountId(), store.multiRegion() ? regions : List.of(store.homeRegion()), Optional.of(store.id()));
        EventDataStore.Builder restored = store.toBuilder();
        restored.deleted = Optional.empty();
        restored.ingesting = true;
        restored.updated = call.receivedAt();
        EventDataStore result = restored.build();
        new LakeRepository(metadata).put(result);
        return EventDataStores.output(result);
    }
}
