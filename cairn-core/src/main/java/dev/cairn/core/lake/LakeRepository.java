package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Event data stores and channels as metadata documents: {@code lake.event-data-store / account / id} and
 * {@code lake.channel / account / id}. IDs are UUIDs, unique in the account whatever the region; a store's or
 * channel's region is in its document (and its ARN).
 */
public final class LakeRepository
{
    static final String EVENT_DATA_STORE = "lake.event-data-store";
    static final String CHANNEL = "lake.channel";
    static final String QUERY = "lake.query";

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public LakeRepository(MetadataReader reader)
    {
        this.reader = requireNonNull(reader, "reader is null");
    }

    private MetadataWriter writer()
    {
        if (!(reader instanceof MetadataWriter writer)) {
            throw new IllegalStateException("read-only access");
        }
        return writer;
    }

    /** Every event data store of the account, pending deletion or not, any home region, by id. */
    public List<EventDataStore> eventDataStores(String accountId)
            throws IOException
    {
        List<EventDataStore> stores = new ArrayList<>();
        for (Document document : reader.list(EVENT_DATA_STORE, accountId, "", "", Integer.MAX_VALUE)) {
            stores.add(mapper.readValue(document.value(), EventDataStore.class));
        }
        return stores;
    }

    public Optional<EventDataStore> eventDataStore(String accountId, String id)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(EVENT_DATA_STORE, accountId, id);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), EventDataStore.class));
    }

    public void put(EventDataStore store)
            throws IOException
    {
        writer().put(EVENT_DATA_STORE, store.accountId(), store.id(), mapper.writeValueAsBytes(store));
    }

    /** Every query of the account of the last seven days, in no particular order. */
    public List<LakeQueryState> queries(String accountId)
            throws IOException
    {
        List<LakeQueryState> queries = new ArrayList<>();
        for (Document document : reader.list(QUERY, accountId, "", "", Integer.MAX_VALUE)) {
            queries.add(mapper.readValue(document.value(), LakeQueryState.class));
        }
        return queries;
    }

    public Optional<LakeQueryState> query(String accountId, String queryId)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(QUERY, accountId, queryId);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), LakeQueryState.class));
    }

    public void put(LakeQueryState query)
            throws IOException
    {
        writer().put(QUERY, query.accountId(), query.queryId(), mapper.writeValueAsBytes(query));
    }

    public void remove(LakeQueryState query)
            throws IOException
    {
        writer().delete(QUERY, query.accountId(), query.queryId());
    }

    /** Removes the store's metadata for good (its files are the Lake's to delete). */
    public void remove(EventDataStore store)
            throws IOException
    {
        writer().delete(EVENT_DATA_STORE, store.accountId(), store.id());
    }

    /** Every channel of the account, any region, by id. */
    public List<Channel> channels(String accountId)
            throws IOException
    {
        List<Channel> channels = new ArrayList<>();
        for (Document document : reader.list(CHANNEL, accountId, "", "", Integer.MAX_VALUE)) {
            channels.add(mapper.readValue(document.value(), Channel.class));
        }
        return channels;
    }

    public Optional<Channel> channel(String accountId, String id)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(CHANNEL, accountId, id);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), Channel.class));
    }

    public void put(Channel channel)
            throws IOException
    {
        writer().put(CHANNEL, channel.accountId(), channel.id(), mapper.writeValueAsBytes(channel));
    }

    public void remove(Channel channel)
            throws IOException
    {
        writer().delete(CHANNEL, channel.accountId(), channel.id());
    }

    /** Every event data store of every account. */
    public List<EventDataStore> allEventDataStores()
            throws IOException
    {
        List<EventDataStore> stores = new ArrayList<>();
        for (Account account : new IdentityRepository(reader).accounts()) {
            stores.addAll(eventDataStores(account.accountId()));
        }
        return stores;
    }

    /** Every channel of every account. */
    public List<Channel> allChannels()
            throws IOException
    {
        List<Channel> channels = new ArrayList<>();
        for (Account account : new IdentityRepository(reader).accounts()) {
            channels.addAll(channels(account.accountId()));
        }
        return channels;
    }
}
