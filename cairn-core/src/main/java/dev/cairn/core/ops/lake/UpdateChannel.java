package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Changes a channel's name or destinations (at least one of them); its source never changes.
 */
public final class UpdateChannel
        implements ChannelOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "UpdateChannel";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        if (!call.input().hasNonNull("Destinations") && !call.input().hasNonNull("Name")) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, "Specify Destinations, Name or both.");
        }
        Channel channel = Channels.require(call, metadata, EventDataStores.text(call, MEMBER));
        new IdentityRepository(metadata).lockAccount(call.accountId());
        if (call.input().hasNonNull("Destinations")) {
            channel = channel.withDestinations(Channels.destinations(call, metadata, call.input().get("Destinations")));
        }
        Optional<String> name = EventDataStores.optionalText(call, "Name");
        if (name.isPresent() && !name.get().equals(channel.name())) {
            Channels.checkName(call, metadata, name.get(), Optional.of(channel.id()));
            channel = channel.withName(name.get());
        }
        new LakeRepository(metadata).put(channel);
        return Channels.output(channel);
    }
}
