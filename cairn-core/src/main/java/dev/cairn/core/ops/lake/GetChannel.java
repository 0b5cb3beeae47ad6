package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * One channel, by ARN or ID, with its source configuration (one region, {@code ActivityAuditLog} events) and what
 * PutAuditEvents last did with it.
 */
public final class GetChannel
        implements ChannelOperation, ReadOperation
{
    @Override
    public String name()
    {
        return "GetChannel";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Channel channel = Channels.require(call, metadata, EventDataStores.text(call, MEMBER));
        ObjectNode output = EventDataStores.NODES.objectNode();
        output.put("ChannelArn", channel.arn());
        output.put("Name", channel.name());
        output.put("Source", channel.source());
        ObjectNode sourceConfig = output.putObject("SourceConfig");
        sourceConfig.put("ApplyToAllRegions", false);
        ObjectNode field = sourceConfig.putArray("AdvancedEventSelectors").addObject().putArray("FieldSelectors").addObject();
        field.put("Field", "eventCategory");
        field.putArray("Equals").add("ActivityAuditLog");
        output.set("Destinations", Channels.destinationList(channel.destinations()));
        ObjectNode status = output.putObject("IngestionStatus");
        Channel.Ingestion ingestion = channel.ingestion();
        ingestion.latestSuccessTime().ifPresent(time -> status.put("LatestIngestionSuccessTime", EventDataStores.epochSeconds(time)));
        ingestion.latestSuccessEventId().ifPresent(id -> status.put("LatestIngestionSuccessEventID", id));
        ingestion.latestErrorCode().ifPresent(code -> status.put("LatestIngestionErrorCode", code));
        ingestion.latestAttemptTime().ifPresent(time -> status.put("LatestIngestionAttemptTime", EventDataStores.epochSeconds(time)));
        ingestion.latestAttemptEventId().ifPresent(id -> status.put("LatestIngestionAttemptEventID", id));
        return output;
    }
}
