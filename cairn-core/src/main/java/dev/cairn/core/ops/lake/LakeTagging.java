package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeCatalog;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.trail.Trail;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tags of event data stores and channels, for AddTags, RemoveTags and ListTags, which name them by ARN beside trails.
 * Tags change from the resource's home region; a store pending deletion keeps its tags
 * ({@code InactiveEventDataStoreException}). At most 50 tags.
 */
public final class LakeTagging
{
    private static final Pattern EVENT_DATA_STORE_ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\\d{12}):eventdatastore/(.+)");
    private static final Pattern CHANNEL_ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\\d{12}):channel/(.+)");

    private LakeTagging() {}

    /** Whether the ARN names an event data store or a channel (rather than a trail). */
    public static boolean isLakeResource(String arn)
    {
        return EVENT_DATA_STORE_ARN.matcher(arn).matches() || CHANNEL_ARN.matcher(arn).matches();
    }

    /** The resource type event history reports for a tagged resource's ARN. */
    public static Optional<String> resourceType(String arn)
    {
        if (EVENT_DATA_STORE_ARN.matcher(arn).matches()) {
            return Optional.of(EventDataStores.EVENT_DATA_STORE_TYPE);
        }
        if (CHANNEL_ARN.matcher(arn).matches()) {
            return Optional.of(Channels.CHANNEL_TYPE);
        }
        return Optional.empty();
    }

    public static void addTags(CallContext call, MetadataWriter metadata, String arn, JsonNode tagsList)
            throws IOException
    {
        List<Trail.Tag> added = EventDataStores.tags(tagsList);
        if (CHANNEL_ARN.matcher(arn).matches()) {
            Channel channel = channel(call, metadata, arn);
            new LakeRepository(metadata).put(channel.withTags(EventDataStores.mergeTags(channel.tags(), added, ErrorCode.TAGS_LIMIT_EXCEEDED)));
            return;
        }
        EventDataStore store = eventDataStoreForChange(call, metadata, arn);
        EventDataStore.Builder builder = store.toBuilder();
        builder.tags = EventDataStores.mergeTags(store.tags(), added, ErrorCode.TAGS_LIMIT_EXCEEDED);
        new LakeRepository(metadata).put(builder.build());
    }

    public static void removeTags(CallContext call, MetadataWriter metadata, String arn, Set<String> keys)
            throws IOException
    {
        if (CHANNEL_ARN.matcher(arn).matches()) {
            Channel channel = channel(call, metadata, arn);
            new LakeRepository(metadata).put(channel.withTags(channel.tags().stream().filter(tag -> !keys.contains(tag.key())).toList()));
            return;
        }
        EventDataStore store = eventDataStoreForChange(call, metadata, arn);
        EventDataStore.Builder builder = store.toBuilder();
        builder.tags = store.tags().stream().filter(tag -> !keys.contains(tag.key())).toList();
        new LakeRepository(metadata).put(builder.build());
    }

    /** ListTags' entry for an event data store or channel of the caller's: {@code ResourceId} and {@code TagsList}. */
    public static ObjectNode resourceTags(CallContext call, LakeCatalog catalog, String arn)
            throws IOException
    {
        List<Trail.Tag> tags;
        Matcher channel = CHANNEL_ARN.matcher(arn);
        if (channel.matches()) {
            tags = catalog.channel(channel.group(2), channel.group(3))
                    .filter(found -> found.accountId().equals(call.accountId()) && found.region().equals(channel.group(1)) && found.region().equals(call.region()))
                    .orElseThrow(() -> notFound(arn))
                    .tags();
        }
        else {
            Matcher store = EVENT_DATA_STORE_ARN.matcher(arn);
            if (!store.matches()) {
                throw notFound(arn);
            }
            tags = catalog.eventDataStore(store.group(2), store.group(3))
                    .filter(found -> found.accountId().equals(call.accountId()) && found.homeRegion().equals(store.group(1)))
                    .filter(found -> found.deletionDue().map(due -> due.isAfter(call.receivedAt())).orElse(true))
                    .orElseThrow(() -> notFound(arn))
                    .tags();
        }
        ObjectNode entry = EventDataStores.NODES.objectNode();
        entry.put("ResourceId", arn);
        entry.set("TagsList", EventDataStores.tagList(tags));
        return entry;
    }

    private static Channel channel(CallContext call, MetadataReader metadata, String arn)
            throws IOException
    {
        return Channels.find(call, metadata, arn).orElseThrow(() -> notFound(arn));
    }

    private static EventDataStore eventDataStoreForChange(CallContext call, MetadataReader metadata, String arn)
            throws IOException
    {
        EventDataStore store = EventDataStores.find(call, metadata, arn).filter(found -> found.accountId().equals(call.accountId())).orElseThrow(() -> notFound(arn));
        if (!store.homeRegion().equals(call.region())) {
            throw new CairnException(ErrorCode.INVALID_HOME_REGION, "Tags of event data store " + store.arn() + " can be changed only in its home region, "
                    + store.homeRegion() + ".");
        }
        if (store.pendingDeletion()) {
            throw new CairnException(ErrorCode.INACTIVE_EVENT_DATA_STORE, "Event data store " + store.arn() + " is pending deletion: its tags cannot change.");
        }
        return store;
    }

    private static CairnException notFound(String arn)
    {
        return new CairnException(ErrorCode.RESOURCE_NOT_FOUND, "Resource " + arn + " not found.");
    }
}
