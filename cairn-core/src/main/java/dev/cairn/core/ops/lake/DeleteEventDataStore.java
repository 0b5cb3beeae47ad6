package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Deletes an event data store, from its home region: it stops collecting events and is {@code PENDING_DELETION} for
 * seven days, restorable (RestoreEventDataStore) until the background step ({@code lake.EventDataStoreDeletions})
 * removes it for good. Refused while termination protection is on, and while a channel sends events to it.
 */
public final class DeleteEventDataStore
        implements EventDataStoreOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "DeleteEventDataStore";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        EventDataStore store = EventDataStores.requireActive(call, metadata, EventDataStores.text(call, MEMBER));
        if (store.terminationProtection()) {
            throw new CairnException(ErrorCode.EVENT_DATA_STORE_TERMINATION_PROTECTED, "Event data store " + store.arn() + " has termination protection enabled: "
                    + "disable it (UpdateEventDataStore, TerminationProtectionEnabled false) before deleting the store.");
        }
        List<Channel> channels = Channels.channelsWithDestination(metadata, store);
        if (!channels.isEmpty()) {
            throw new CairnException(ErrorCode.CHANNEL_EXISTS_FOR_EDS, "Event data store " + store.arn() + " cannot be deleted while channel "
                    + channels.get(0).arn() + " sends events to it: delete the channel or change its destinations first.");
        }
        EventDataStore.Builder deleted = store.toBuilder();
        deleted.deleted = Optional.of(call.receivedAt());
        deleted.updated = call.receivedAt();
        new LakeRepository(metadata).put(deleted.build());
        return EventDataStores.NODES.objectNode();
    }
}
