package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.Store;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every event data store and channel of every account as of the last metadata commit: what the Lake's ingestion
 * reads for each batch of journal entries (which stores collect which events), and what read operations that need no
 * transaction use (ListTags). Dropped whenever a committed batch changed metadata, before that batch's callers get
 * their answers; a snapshot read before a later commit is never served. Thread-safe.
 */
public final class LakeCatalog
{
    private final Store store;
    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot snapshot;

    /** The stores and channels, keyed by {@code account/id}, read at {@code version}. */
    private record Snapshot(long version, Map<String, EventDataStore> stores, Map<String, Channel> channels) {}

    public LakeCatalog(Store store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** Called after every commit that changed metadata. */
    public void invalidate()
    {
        version.incrementAndGet();
        snapshot = null;
    }

    /** Every event data store, pending deletion or not, of every account. */
    public Collection<EventDataStore> eventDataStores()
            throws IOException
    {
        return current().stores().values();
    }

    /**
     * The stores that take live CloudTrail events now: of type {@link LakeSchema#CLOUDTRAIL_EVENTS}, not pending
     * deletion, ingesting. Which of an event's they take is {@link EventDataStore#matches} and
     * {@link EventDataStore#collectsRegion}, and for organization stores the organization's accounts.
     */
    public List<EventDataStore> ingestingCloudTrailEventDataStores()
            throws IOException
    {
        return current().stores().values().stream()
                .filter(store -> store.schema() == LakeSchema.CLOUDTRAIL_EVENTS && store.status() == EventDataStoreStatus.ENABLED)
                .toList();
    }

    public Optional<EventDataStore> eventDataStore(String accountId, String id)
            throws IOException
    {
        return Optional.ofNullable(current().stores().get(accountId + "/" + id));
    }

    /** Every channel of every account. */
    public Collection<Channel> channels()
            throws IOException
    {
        return current().channels().values();
    }

    public Optional<Channel> channel(String accountId, String id)
            throws IOException
    {
        return Optional.ofNullable(current().channels().get(accountId + "/" + id));
    }

    private Snapshot current()
            throws IOException
    {
        long current = version.get() + store.metadataVersion();
        Snapshot cached = snapshot;
        if (cached != null && cached.version() == current) {
            return cached;
        }
        Snapshot loaded = store.read(reader -> {
            LakeRepository lake = new LakeRepository(reader);
            Map<String, EventDataStore> stores = new LinkedHashMap<>();
            for (EventDataStore eventDataStore : lake.allEventDataStores()) {
                stores.put(eventDataStore.accountId() + "/" + eventDataStore.id(), eventDataStore);
            }
            Map<String, Channel> channels = new LinkedHashMap<>();
            for (Channel channel : lake.allChannels()) {
                channels.put(channel.accountId() + "/" + channel.id(), channel);
            }
            return new Snapshot(current, Collections.unmodifiableMap(stores), Collections.unmodifiableMap(channels));
        });
        snapshot = loaded;
        return loaded;
    }
}
