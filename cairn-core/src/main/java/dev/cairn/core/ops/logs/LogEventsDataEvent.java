package dev.cairn.core.ops.logs;

import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.recorder.RecordResource;
import dev.cairn.model.EventCategory;

import java.util.List;

/**
 * The calls that put or read log events (PutLogEvents, GetLogEvents, FilterLogEvents) are recorded as data events
 * on their log group ({@code "resources": [{"accountId", "type": "AWS::Logs::LogGroup", "ARN"}]}), not as management
 * events: they are many (an agent's batches, {@code aws logs tail} polling every few seconds), and a trail delivering
 * to a log group must not fill its own group with records of the deliveries' reads. Trails select them with advanced
 * event selectors on {@code resources.type} {@code AWS::Logs::LogGroup}; event history leaves them out unless
 * {@code --history-data-events}.
 */
interface LogEventsDataEvent
        extends LogsOperation
{
    @Override
    default EventCategory category()
    {
        return EventCategory.DATA;
    }

    @Override
    default List<RecordResource> recordResources(CallContext call)
    {
        return List.of(new RecordResource(call.accountId(), Logs.LOG_GROUP_TYPE, LogGroup.arn(call.accountId(), call.region(), Logs.groupName(call))));
    }
}
