package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.lake.LakeSchema;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the channel handlers share: finding a channel by ARN or ID, the rules for destinations, and output shapes.
 * Channels are regional: a call finds the channels of its own account and region.
 */
final class Channels
{
    static final String CHANNEL_TYPE = "AWS::CloudTrail::Channel";
    /** CloudTrail's quota of channels for integrations (per account and region here). */
    static final int MAXIMUM_PER_REGION = 25;
    static final String DESTINATION_TYPE = "EVENT_DATA_STORE";

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\\d{12}):channel/([A-Za-z0-9._-]+)");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    private Channels() {}

    /** The ARN a channel reference stands for, for authorization and event history before the channel is looked up. */
    static String resourceArn(CallContext call, String given)
    {
        if (given.startsWith("arn:") || !ID.matcher(given).matches()) {
            return given;
        }
        return Channel.arn(call.region(), call.accountId(), given);
    }

    static List<LookupResource> lookupResources(CallContext call, String member)
    {
        return EventDataStores.optionalText(call, member).map(given -> List.of(new LookupResource(CHANNEL_TYPE, resourceArn(call, given)))).orElse(List.of());
    }

    /** The channel a call names by ARN or ID: the caller's own, in the call's region. */
    static Optional<Channel> find(CallContext call, MetadataReader metadata, String given)
            throws IOException
    {
        String accountId = call.accountId();
        String id = given;
        Optional<String> region = Optional.empty();
        Matcher arn = ARN.matcher(given);
        if (arn.matches()) {
            region = Optional.of(arn.group(1));
            accountId = arn.group(2);
            id = arn.group(3);
        }
        else if (given.startsWith("arn:") || !ID.matcher(given).matches()) {
            throw new CairnException(ErrorCode.CHANNEL_ARN_INVALID, "The value " + given + " is not a valid channel ARN or ID: use "
                    + "arn:aws:cloudtrail:<region>:<account>:channel/<id>, or the ID.");
        }
        if (!accountId.equals(call.accountId()) || !region.orElse(call.region()).equals(call.region())) {
            return Optional.empty();
        }
        return new LakeRepository(metadata).channel(accountId, id).filter(channel -> channel.region().equals(call.region()));
    }

    static Channel require(CallContext call, MetadataReader metadata, String given)
            throws IOException
    {
        return find(call, metadata, given).orElseThrow(() -> new CairnException(ErrorCode.CHANNEL_NOT_FOUND, "Channel " + given + " not found."));
    }

    /** The account's channels in the call's region. */
    static List<Channel> regionChannels(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return new LakeRepository(metadata).channels(call.accountId()).stream().filter(channel -> channel.region().equals(call.region())).toList();
    }

    /** The channels that send events to the store. */
    static List<Channel> channelsWithDestination(MetadataReader metadata, EventDataStore store)
            throws IOException
    {
        return new LakeRepository(metadata).channels(store.accountId()).stream().filter(channel -> channel.destinations().contains(store.arn())).toList();
    }

    static void checkName(CallContext call, MetadataReader metadata, String name, Optional<String> exceptId)
            throws IOException
    {
        boolean taken = regionChannels(call, metadata).stream().anyMatch(channel -> channel.name().equals(name) && exceptId.map(id -> !id.equals(channel.id())).orElse(true));
        if (taken) {
            throw new CairnException(ErrorCode.CHANNEL_ALREADY_EXISTS, "A channel named " + name + " already exists.");
        }
    }

    /**
     * The destinations a call gives, as event data store ARNs: each an event data store of the caller's account in the
     * call's region, not pending deletion, single-region and not an organization store, selecting
     * {@code ActivityAuditLog} events; none twice.
     */
    static List<String> destinations(CallContext call, MetadataReader metadata, JsonNode given)
            throws IOException
    {
        List<String> destinations = new ArrayList<>();
        for (JsonNode destination : given) {
            String type = destination.path("Type").asText();
            String location = destination.path("Location").asText();
            if (!type.equals(DESTINATION_TYPE)) {
                throw new CairnException(ErrorCode.INVALID_PARAMETER, "Destination type " + type + " is not valid here: a channel sends events to event data stores ("
                        + DESTINATION_TYPE + "); AWS_SERVICE destinations belong to service-linked channels, which AWS services create.");
            }
            EventDataStore store = EventDataStores.find(call, metadata, location)
                    .filter(found -> found.accountId().equals(call.accountId()))
                    .orElseThrow(() -> EventDataStores.notFound(location));
            if (store.pendingDeletion()) {
                throw new CairnException(ErrorCode.INACTIVE_EVENT_DATA_STORE, "Event data store " + store.arn() + " is pending deletion: it cannot receive events.");
            }
            if (store.schema() != LakeSchema.ACTIVITY_AUDIT_LOG) {
                throw new CairnException(ErrorCode.INVALID_EVENT_DATA_STORE_CATEGORY, "Event data store " + store.arn() + " selects eventCategory "
                        + String.join(", ", store.schema().categories()) + ": a channel's destinations select ActivityAuditLog events.");
            }
            if (store.multiRegion() || store.organizationStore() || !store.homeRegion().equals(call.region())) {
                throw new CairnException(ErrorCode.INVALID_PARAMETER, "Event data store " + store.arn() + " cannot be a channel's destination: it must be a "
                        + "single-region event data store of the channel's region (" + call.region() + "), not an organization event data store.");
            }
            if (destinations.contains(store.arn())) {
                throw new CairnException(ErrorCode.INVALID_PARAMETER, "Event data store " + store.arn() + " is given twice as a destination.");
            }
            destinations.add(store.arn());
        }
        return destinations;
    }

    static ArrayNode destinationList(List<String> destinations)
    {
        ArrayNode list = EventDataStores.NODES.arrayNode();
        for (String arn : destinations) {
            ObjectNode node = list.addObject();
            node.put("Type", DESTINATION_TYPE);
            node.put("Location", arn);
        }
        return list;
    }

    /** ChannelArn, Name, Source and Destinations: what Create and UpdateChannel answer with (Create adds Tags). */
    static ObjectNode output(Channel channel)
    {
        ObjectNode node = EventDataStores.NODES.objectNode();
        node.put("ChannelArn", channel.arn());
        node.put("Name", channel.name());
        node.put("Source", channel.source());
        node.set("Destinations", destinationList(channel.destinations()));
        return node;
    }
}
