package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.Operation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.util.List;
import java.util.Optional;

/**
 * The common parts of operations on one channel named by {@code Channel} (an ARN or the ID suffix of one): service,
 * the channel's ARN as the resource to authorize and to report, and the errors for invalid members.
 */
interface ChannelOperation
        extends Operation
{
    String MEMBER = "Channel";

    @Override
    default Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return EventDataStores.optionalText(call, MEMBER).map(given -> List.of(Channels.resourceArn(call, given))).orElse(List.of("*"));
    }

    @Override
    default List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Channels.lookupResources(call, MEMBER);
    }

    @Override
    default Optional<ErrorCode> validationError(String member)
    {
        return Optional.of(switch (member) {
            case MEMBER -> ErrorCode.CHANNEL_ARN_INVALID;
            case "Source" -> ErrorCode.INVALID_SOURCE;
            case "Tags" -> ErrorCode.INVALID_TAG_PARAMETER;
            case "MaxResults", "Destinations", "Name" -> ErrorCode.INVALID_PARAMETER;
            case "NextToken" -> ErrorCode.INVALID_NEXT_TOKEN;
            default -> ErrorCode.INVALID_PARAMETER;
        });
    }
}
