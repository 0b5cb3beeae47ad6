package dev.cairn.core.ops.logs;

import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.spi.MetadataReader;

import java.util.List;

/**
 * An operation on one log stream: IAM authorizes it on the stream's ARN ({@code ...:log-group:G:log-stream:S}).
 */
interface LogStreamOperation
        extends LogsOperation
{
    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(LogGroup.streamArn(call.accountId(), call.region(), Logs.groupName(call), Logs.text(call, "logStreamName")));
    }
}
