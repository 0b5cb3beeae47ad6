package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.LogStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Helpers shared by the CloudWatch Logs operations.
 */
final class Logs
{
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String LOG_GROUP_TYPE = "AWS::Logs::LogGroup";
    /** The model's {@code DescribeLimit}: at most 50 items a page, and 50 when not given. */
    static final int DEFAULT_LIMIT = 50;
    private static final String TOKEN_PREFIX = "cairn-logs:";

    private Logs()
    {
    }

    static String text(CallContext call, String member)
    {
        return call.input().path(member).asText();
    }

    static Optional<String> optionalText(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asText()) : Optional.empty();
    }

    static int limit(CallContext call)
    {
        return call.input().hasNonNull("limit") ? call.input().get("limit").asInt() : DEFAULT_LIMIT;
    }

    static LogGroup requireGroup(LogGroupRepository groups, CallContext call, String name)
            throws IOException
    {
        return groups.group(call.accountId(), call.region(), name)
                .orElseThrow(() -> new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified log group does not exist."));
    }

    static LogStream requireStream(LogGroupRepository groups, CallContext call, String group, String name)
            throws IOException
    {
        return groups.stream(call.accountId(), call.region(), group, name)
                .orElseThrow(() -> new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified log stream does not exist."));
    }

    /** An opaque token naming the last item of a page: the next page starts after it. */
    static String nextToken(String lastName)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + lastName).getBytes(StandardCharsets.UTF_8));
    }

    /** The name a {@code nextToken} names, empty without one. */
    static Optional<String> afterName(CallContext call)
    {
        Optional<String> token = optionalText(call, "nextToken");
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            decoded = "";
        }
        if (!decoded.startsWith(TOKEN_PREFIX)) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "The specified nextToken is invalid.");
        }
        return Optional.of(decoded.substring(TOKEN_PREFIX.length()));
    }

    static ObjectNode logGroup(LogGroup group)
    {
        ObjectNode node = NODES.objectNode();
        node.put("logGroupName", group.name());
        node.put("creationTime", group.creationTime());
        group.retentionInDays().ifPresent(days -> node.put("retentionInDays", days));
        node.put("metricFilterCount", 0);
        node.put("arn", group.arn() + ":*");
        // log events come with PutLogEvents; until then a group stores nothing
        node.put("storedBytes", 0);
        group.kmsKeyId().ifPresent(key -> node.put("kmsKeyId", key));
        node.put("logGroupClass", group.logGroupClass());
        node.put("logGroupArn", group.arn());
        return node;
    }

    static ObjectNode logStream(LogGroup group, LogStream stream)
    {
        ObjectNode node = NODES.objectNode();
        node.put("logStreamName", stream.name());
        node.put("creationTime", stream.creationTime());
        node.put("arn", LogGroup.streamArn(group.accountId(), group.region(), group.name(), stream.name()));
        node.put("storedBytes", 0);
        return node;
    }
}
