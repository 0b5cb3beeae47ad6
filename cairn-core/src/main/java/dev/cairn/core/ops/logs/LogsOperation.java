package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.ops.Operation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.util.List;
import java.util.Optional;

/**
 * What every CloudWatch Logs operation shares: its service, input that breaks the model's constraints answered with
 * {@code InvalidParameterException} (as CloudWatch Logs answers it: "1 validation error detected: ..."), and, for
 * operations on one log group, that group's ARN as the resource IAM authorizes and event history reports.
 */
interface LogsOperation
        extends Operation
{
    @Override
    default Service service()
    {
        return Service.LOGS;
    }

    @Override
    default Optional<ErrorCode> validationError(String member)
    {
        return Optional.of(ErrorCode.LOGS_INVALID_PARAMETER);
    }

    /** CloudWatch Logs records its calls with {@code "responseElements": null}; none of these has output to record. */
    @Override
    default Optional<ObjectNode> responseElements(ObjectNode output)
    {
        return Optional.empty();
    }

    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return Logs.namesGroup(call) ? List.of(LogGroup.arn(call.accountId(), call.region(), Logs.groupName(call))) : List.of("*");
    }

    @Override
    default List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Logs.namesGroup(call) ? List.of(new LookupResource(Logs.LOG_GROUP_TYPE, Logs.groupName(call))) : List.of();
    }
}
