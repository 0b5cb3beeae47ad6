package dev.cairn.core.ops.lake;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.EventDataStoreStatus;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Starting and stopping a store's ingestion of live events. CloudTrail passes through {@code STARTING_INGESTION} and
 * {@code STOPPING_INGESTION}; in Cairn the change is immediate. Only stores of Management, Data, NetworkActivity or
 * ConfigurationItem events have ingestion to start and stop ({@code InvalidEventDataStoreCategoryException} otherwise).
 */
final class EventDataStoreIngestion
{
    private EventDataStoreIngestion() {}

    static void change(CallContext call, MetadataWriter metadata, boolean start)
            throws IOException
    {
        EventDataStore store = EventDataStores.requireInHomeRegion(call, metadata, EventDataStores.text(call, EventDataStoreOperation.MEMBER));
        if (!store.schema().ingestionControllable()) {
            throw new CairnException(ErrorCode.INVALID_EVENT_DATA_STORE_CATEGORY, "Event data store " + store.arn() + " holds events of eventCategory "
                    + String.join(", ", store.schema().categories()) + ", whose ingestion cannot be started or stopped; only Management, Data, NetworkActivity and "
                    + "ConfigurationItem event data stores can.");
        }
        EventDataStoreStatus required = start ? EventDataStoreStatus.STOPPED_INGESTION : EventDataStoreStatus.ENABLED;
        if (store.status() != required) {
            throw new CairnException(ErrorCode.INVALID_EVENT_DATA_STORE_STATUS, "Event data store " + store.arn() + " is " + store.status().name() + ": ingestion can be "
                    + (start ? "started" : "stopped") + " only when it is " + required.name() + ".");
        }
        EventDataStore.Builder changed = store.toBuilder();
        changed.ingesting = start;
        changed.updated = call.receivedAt();
        new LakeRepository(metadata).put(changed.build());
    }
}
