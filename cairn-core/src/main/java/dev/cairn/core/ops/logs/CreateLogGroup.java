package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Creates a log group with its tags; a {@code kmsKeyId} is kept as given and reported by DescribeLogGroups (Cairn
 * does not encrypt with it), and the class defaults to {@code STANDARD}. Deletion protection is refused: DeleteLogGroup
 * does not enforce it yet.
 */
public final class CreateLogGroup
        implements WriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "CreateLogGroup";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        if (call.input().path("deletionProtectionEnabled").asBoolean(false)) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Cairn does not support deletion protection of log groups.");
        }
        Map<String, String> tags = new TreeMap<>();
        call.input().path("tags").properties().forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
        LogGroup group = new LogGroup(
                call.accountId(),
                call.region(),
                Logs.text(call, "logGroupName"),
                call.receivedAt().toEpochMilli(),
                Optional.empty(),
                tags,
                Logs.optionalText(call, "kmsKeyId"),
                Logs.optionalText(call, "logGroupClass").orElse("STANDARD"));
        if (!new LogGroupRepository(metadata).insert(group)) {
            throw new CairnException(ErrorCode.LOGS_RESOURCE_ALREADY_EXISTS, "The specified log group already exists");
        }
        return Logs.NODES.objectNode();
    }
}
