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
 * The common parts of operations on one event data store named by {@code EventDataStore} (an ARN or the ID suffix of
 * one): service, the store's ARN as the resource to authorize and to report, and the errors for invalid members.
 */
interface EventDataStoreOperation
        extends Operation
{
    String MEMBER = "EventDataStore";

    @Override
    default Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return EventDataStores.optionalText(call, MEMBER).map(given -> List.of(EventDataStores.resourceArn(call, given))).orElse(List.of("*"));
    }

    @Override
    default List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return EventDataStores.lookupResources(call, MEMBER);
    }

    @Override
    default Optional<ErrorCode> validationError(String member)
    {
        return Optional.of(switch (member) {
            case MEMBER -> ErrorCode.EVENT_DATA_STORE_ARN_INVALID;
            case "AdvancedEventSelectors" -> ErrorCode.INVALID_EVENT_SELECTORS;
            case "TagsList" -> ErrorCode.INVALID_TAG_PARAMETER;
            case "KmsKeyId" -> ErrorCode.INVALID_KMS_KEY_ID;
            default -> ErrorCode.INVALID_PARAMETER;
        });
    }
}
