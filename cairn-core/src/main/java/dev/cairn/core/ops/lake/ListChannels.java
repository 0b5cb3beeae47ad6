package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.ops.PageTokens;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The account's channels in the call's region, oldest first, as ARN and name; pages of {@code MaxResults} (at most
 * and by default 1,000).
 */
public final class ListChannels
        implements ChannelOperation, ReadOperation
{
    static final int MAXIMUM_RESULTS = 1_000;
    private static final PageTokens TOKENS = new PageTokens("channels:",
            () -> new CairnException(ErrorCode.INVALID_NEXT_TOKEN, "Invalid NextToken: pass the NextToken of a previous ListChannels response."));

    @Override
    public String name()
    {
        return "ListChannels";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        int maximum = EventDataStores.optionalInt(call, "MaxResults").orElse(MAXIMUM_RESULTS);
        Optional<String> after = TOKENS.decode(EventDataStores.optionalText(call, "NextToken"));
        List<Channel> channels = Channels.regionChannels(call, metadata).stream().sorted(Comparator.comparing(ListChannels::position)).toList();
        ObjectNode output = EventDataStores.NODES.objectNode();
        ArrayNode list = output.putArray("Channels");
        String last = null;
        for (Channel channel : channels) {
            String position = position(channel);
            if (after.isPresent() && position.compareTo(after.get()) <= 0) {
                continue;
            }
            if (list.size() == maximum) {
                output.put("NextToken", TOKENS.encode(last));
                break;
            }
            ObjectNode entry = list.addObject();
            entry.put("ChannelArn", channel.arn());
            entry.put("Name", channel.name());
            last = position;
        }
        return output;
    }

    private static String position(Channel channel)
    {
        return String.format("%015d/%s", channel.created().toEpochMilli(), channel.id());
    }
}
