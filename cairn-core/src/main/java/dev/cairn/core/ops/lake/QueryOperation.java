package dev.cairn.core.ops.lake;

import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.Operation;
import dev.cairn.spi.MetadataReader;

import java.util.List;
import java.util.Optional;

/**
 * Lake's query operations: authorized on the event data store they name ({@code EventDataStore}) or on all
 * ({@code *}); bad members are {@code InvalidParameterException}, a bad store ARN {@code EventDataStoreARNInvalidException}.
 */
interface QueryOperation
        extends Operation
{
    @Override
    default Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return EventDataStores.optionalText(call, "EventDataStore").map(given -> List.of(EventDataStores.resourceArn(call, given))).orElse(List.of("*"));
    }

    @Override
    default Optional<ErrorCode> validationError(String member)
    {
        return Optional.of(switch (member) {
            case "EventDataStore" -> ErrorCode.EVENT_DATA_STORE_ARN_INVALID;
            case "MaxQueryResults", "MaxResults" -> ErrorCode.INVALID_MAX_RESULTS;
            case "NextToken" -> ErrorCode.INVALID_NEXT_TOKEN;
            case "QueryStatement" -> ErrorCode.INVALID_QUERY_STATEMENT;
            case "QueryStatus" -> ErrorCode.INVALID_QUERY_STATUS;
            default -> ErrorCode.INVALID_PARAMETER;
        });
    }
}
