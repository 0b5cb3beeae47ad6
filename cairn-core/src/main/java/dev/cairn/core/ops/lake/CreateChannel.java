package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates a channel for events from outside AWS, in the call's region. Its source is {@code Custom}: Cairn has no
 * partner integrations, and names a partner's source only to refuse it ({@code InvalidSourceException}). At most
 * {@value Channels#MAXIMUM_PER_REGION} channels per account and region; names are unique among them.
 */
public final class CreateChannel
        implements ChannelOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "CreateChannel";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of("*");
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return output.filter(node -> node.hasNonNull("ChannelArn"))
                .map(node -> List.of(new LookupResource(Channels.CHANNEL_TYPE, node.get("ChannelArn").asText())))
                .orElse(List.of());
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        String name = EventDataStores.text(call, "Name");
        String source = EventDataStores.text(call, "Source");
        if (!source.equals(Channel.CUSTOM_SOURCE)) {
            throw new CairnException(ErrorCode.INVALID_SOURCE, "Source " + source + " is not offered: Cairn's channels take events from your own sources (Source "
                    + Channel.CUSTOM_SOURCE + "); it has no partner integrations.");
        }
        var tags = EventDataStores.mergeTags(List.of(), EventDataStores.tags(call.input().path("Tags")), ErrorCode.TAGS_LIMIT_EXCEEDED);
        // names and limits are account-wide: one change at a time, also across nodes
        new IdentityRepository(metadata).lockAccount(call.accountId());
        List<String> destinations = Channels.destinations(call, metadata, call.input().path("Destinations"));
        Channels.checkName(call, metadata, name, Optional.empty());
        int count = Channels.regionChannels(call, metadata).size();
        if (count >= Channels.MAXIMUM_PER_REGION) {
            throw new CairnException(ErrorCode.CHANNEL_MAX_LIMIT_EXCEEDED, "Account " + call.accountId() + " already has " + count + " channels in " + call.region()
                    + "; the most a region can have is " + Channels.MAXIMUM_PER_REGION + ".");
        }
        Channel channel = new Channel(UUID.randomUUID().toString(), call.accountId(), call.region(), name, source, destinations, tags, call.receivedAt(),
                Optional.empty(), Channel.Ingestion.NONE);
        new LakeRepository(metadata).put(channel);
        ObjectNode output = Channels.output(channel);
        output.set("Tags", EventDataStores.tagList(channel.tags()));
        return output;
    }
}
