package dev.cairn.core.ops.cloudtrail;

import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.Operation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.util.List;
import java.util.Optional;

/**
 * The common parts of operations on one trail named by a member ({@code Name} or {@code TrailName}): service, the
 * trail's ARN as the resource to authorize and to report, and the trail-name error for invalid names.
 */
interface TrailOperation
        extends Operation
{
    /** The member naming the trail. */
    default String trailMember()
    {
        return "Name";
    }

    @Override
    default Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return Trails.optionalText(call, trailMember()).map(name -> List.of(Trails.resourceArn(call, name))).orElse(List.of("*"));
    }

    @Override
    default List<LookupResource> lookupResources(CallContext call, Optional<com.fasterxml.jackson.databind.node.ObjectNode> output)
    {
        return Trails.resource(call, trailMember());
    }

    @Override
    default Optional<ErrorCode> validationError(String member)
    {
        return member.equals(trailMember()) ? Optional.of(ErrorCode.INVALID_TRAIL_NAME) : Optional.empty();
    }
}
