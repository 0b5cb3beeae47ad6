package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.lake.AuditEvent;
import dev.cairn.core.lake.AuditEventEntries;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.lake.LakeResourcePolicies;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.recorder.RecordResource;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudTrail Data's one operation: events from the caller's own applications, through a channel, into CloudTrail
 * Lake. Each event is checked ({@link AuditEvent#check}) and reported in {@code successful}, with the
 * {@code eventID} CloudTrail assigns it, or in {@code failed}, with its error; the call succeeds either way. The
 * accepted events go into the journal in the call's own batch, after its record, as {@code ActivityAuditLog} entries
 * ({@link AuditEventEntries}): an acknowledged event is durable, and the Lake's ingestion sends it to the channel's
 * stores. Event history, trails and the event bus never take them.
 *
 * <p>The channel is named by ARN (the model's pattern; an ID alone is {@code InvalidChannelARN}), in the call's
 * region, of the caller's account or another's. The caller's identity policies must allow
 * {@code cloudtrail-data:PutAuditEvents} on it (the dispatcher checks them), and its resource policy must let the
 * caller in: another account's callers only when it allows them, with the {@code externalId} a condition names
 * ({@link LakeResourcePolicies#mayPutAuditEvents}); else {@code ChannelInsufficientPermission}, which is also the
 * answer to another account's caller naming a channel that does not exist (so that no answer tells what channels
 * another account has); {@code ChannelNotFound} is for the caller's own account. Two events with one
 * {@code id} fail the whole call ({@code DuplicatedAuditEventId}).
 *
 * <p>The call is recorded as a data event on its channel ({@code resources} {@code AWS::CloudTrail::Channel}), with the
 * channel and external id as its request parameters and not the events, which are the caller's data (as PutLogEvents'
 * records leave out its messages).
 */
public final class PutAuditEvents
        implements WriteOperation
{
    static final String CHANNEL_ARN = "channelArn";
    static final String EXTERNAL_ID = "externalId";

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\\d{12}):channel/([A-Za-z0-9._-]+)");

    @Override
    public Service service()
    {
        return Service.CLOUDTRAIL_DATA;
    }

    @Override
    public String name()
    {
        return "PutAuditEvents";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(call.input().path(CHANNEL_ARN).asText("*"));
    }

    @Override
    public Optional<ErrorCode> validationError(String member)
    {
        return member.equals(CHANNEL_ARN) ? Optional.of(ErrorCode.DATA_INVALID_CHANNEL_ARN) : Optional.empty();
    }

    @Override
    public EventCategory category()
    {
        return EventCategory.DATA;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return channelArn(call).map(arn -> List.of(new LookupResource(Channels.CHANNEL_TYPE, arn))).orElse(List.of());
    }

    @Override
    public List<RecordResource> recordResources(CallContext call)
    {
        Optional<Matcher> arn = channelArn(call).map(ARN::matcher).filter(Matcher::matches);
        return arn.map(matched -> List.of(new RecordResource(matched.group(2), Channels.CHANNEL_TYPE, matched.group(0)))).orElse(List.of());
    }

    /** The channel and external id: the events are the caller's data, not parameters of the call. */
    @Override
    public ObjectNode requestParameters(ObjectNode input)
    {
        ObjectNode recorded = EventDataStores.NODES.objectNode();
        for (String member : List.of(CHANNEL_ARN, EXTERNAL_ID)) {
            if (input.has(member)) {
                recorded.set(member, input.get(member));
            }
        }
        return recorded;
    }

    /** What it answers, its ids and eventIDs, is in the journal entries: the record leaves it out, as data events' do. */
    @Override
    public Optional<ObjectNode> responseElements(ObjectNode output)
    {
        return Optional.empty();
    }

    /** Reads its channel; writes only journal entries. */
    @Override
    public boolean changesMetadata()
    {
        return false;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
    {
        throw new IllegalStateException("PutAuditEvents adds journal entries: it runs with the batch");
    }

    @Override
    public Executed executeWithEntries(CallContext call, BatchWriters batch)
            throws IOException
    {
        Channel channel = channel(call, batch.metadata());
        JsonNode events = call.input().path("auditEvents");
        Set<String> ids = new HashSet<>();
        for (JsonNode event : events) {
            String id = event.path("id").asText();
            if (!ids.add(id)) {
                throw new CairnException(ErrorCode.DATA_DUPLICATED_AUDIT_EVENT_ID, "Two or more entries in the request have the event ID " + id + ".");
            }
        }

        ObjectNode output = EventDataStores.NODES.objectNode();
        ArrayNode successful = output.putArray("successful");
        ArrayNode failed = output.putArray("failed");
        List<EventRecord> entries = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            String id = event.path("id").asText();
            Optional<String> checksum = Optional.ofNullable(event.get("eventDataChecksum")).map(JsonNode::asText);
            AuditEvent.Check check = AuditEvent.check(event.path("eventData").asText(), checksum, channel.accountId());
            if (check instanceof AuditEvent.Accepted accepted) {
                String eventId = IdGenerator.uuid();
                entries.add(AuditEventEntries.entry(accepted.event(), channel.arn(), call.region(), eventId, call.receivedAt()));
                successful.addObject().put("id", id).put("eventID", eventId);
            }
            else {
                AuditEvent.Rejected rejected = (AuditEvent.Rejected) check;
                failed.addObject().put("id", id).put("errorCode", rejected.errorCode()).put("errorMessage", rejected.errorMessage());
            }
        }
        return new Executed(output, entries);
    }

    /** The channel the call names, if the caller may send events to it. */
    private static Channel channel(CallContext call, MetadataReader metadata)
            throws IOException
    {
        String given = call.input().path(CHANNEL_ARN).asText();
        Matcher arn = ARN.matcher(given);
        if (!arn.matches()) {
            throw new CairnException(ErrorCode.DATA_INVALID_CHANNEL_ARN, "The value " + given + " is not a valid channel ARN: use "
                    + "arn:aws:cloudtrail:<region>:<account>:channel/<id>.");
        }
        Optional<Channel> found = arn.group(1).equals(call.region())
                ? new LakeRepository(metadata).channel(arn.group(2), arn.group(3)).filter(channel -> channel.region().equals(call.region()))
                : Optional.empty();
        Optional<String> externalId = Optional.ofNullable(call.input().get(EXTERNAL_ID)).map(JsonNode::asText);
        CairnException insufficient = new CairnException(ErrorCode.DATA_CHANNEL_INSUFFICIENT_PERMISSION, "Account " + call.accountId()
                + " may not send events to channel " + given + ": the caller's account must be the channel owner's, or the channel's resource policy must allow it"
                + (externalId.isPresent() ? " (with this external id)." : " (with the external id it names, if any)."));
        if (found.isEmpty()) {
            // another account's channels are not told apart from ones that do not exist
            throw arn.group(2).equals(call.accountId()) ? new CairnException(ErrorCode.DATA_CHANNEL_NOT_FOUND, "Channel " + given + " not found.") : insufficient;
        }
        if (!LakeResourcePolicies.mayPutAuditEvents(found.get(), call.principal(), externalId)) {
            throw insufficient;
        }
        return found.get();
    }

    private static Optional<String> channelArn(CallContext call)
    {
        return Optional.ofNullable(call.input().get(CHANNEL_ARN)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }
}
