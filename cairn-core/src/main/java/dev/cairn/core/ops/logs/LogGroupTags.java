package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.model.LookupResource;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tagging operations share: the log group a {@code resourceArn} names (TagResource, UntagResource,
 * ListTagsForResource) or a {@code logGroupName} names (the older TagLogGroup, UntagLogGroup, ListTagsLogGroup), the
 * limit of 50 tags a log group, and the answer's {@code tags}. Log groups are the only resources Cairn tags: an ARN of
 * a destination names nothing Cairn has. The model's pattern for {@code resourceArn} has no {@code *}: the {@code arn}
 * DescribeLogGroups reports, which ends in {@code :*}, is refused before this, and {@code logGroupArn} is the one to use.
 */
final class LogGroupTags
{
    /** The model's {@code Tags}: at most 50 tags a resource. */
    static final int MAXIMUM_TAGS = 50;

    private static final Pattern GROUP_ARN = Pattern.compile("arn:aws[a-z-]*:logs:([a-z0-9-]*):(\\d*):log-group:([^:]+)");
    private static final Pattern DESTINATION_ARN = Pattern.compile("arn:aws[a-z-]*:logs:[a-z0-9-]*:\\d*:destination:.+");

    private LogGroupTags()
    {
    }

    /** A log group's ARN, taken apart. */
    record GroupArn(String region, String accountId, String name)
    {
        String arn()
        {
            return LogGroup.arn(accountId, region, name);
        }
    }

    static Optional<GroupArn> parse(String resourceArn)
    {
        Matcher matcher = GROUP_ARN.matcher(resourceArn);
        return matcher.matches() ? Optional.of(new GroupArn(matcher.group(1), matcher.group(2), matcher.group(3))) : Optional.empty();
    }

    /** The resource IAM authorizes a call naming {@code resourceArn} on: the ARN as given. */
    static List<String> resources(CallContext call)
    {
        return List.of(Logs.text(call, "resourceArn"));
    }

    /** The log group event history reports for a call naming {@code resourceArn}, if it names one of the caller's. */
    static List<LookupResource> lookupResources(CallContext call)
    {
        return parse(Logs.text(call, "resourceArn"))
                .filter(arn -> arn.accountId().equals(call.accountId()) && arn.region().equals(call.region()))
                .map(arn -> List.of(new LookupResource(Logs.LOG_GROUP_TYPE, arn.name())))
                .orElse(List.of());
    }

    /**
     * The caller's log group that {@code resourceArn} names: a log group of another account or region, a destination
     * and a group that does not exist are {@code ResourceNotFoundException}, anything else that is not a log group's
     * ARN {@code InvalidParameterException}.
     */
    static LogGroup requireGroup(LogGroupRepository groups, CallContext call)
            throws IOException
    {
        String resourceArn = Logs.text(call, "resourceArn");
        Optional<GroupArn> arn = parse(resourceArn);
        if (arn.isEmpty()) {
            if (DESTINATION_ARN.matcher(resourceArn).matches()) {
                throw new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified resource does not exist.");
            }
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Invalid resource ARN: " + resourceArn
                    + ". Log groups are named arn:aws:logs:<region>:<account-id>:log-group:<log-group-name>.");
        }
        if (!arn.get().accountId().equals(call.accountId()) || !arn.get().region().equals(call.region())) {
            throw new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified resource does not exist.");
        }
        return groups.group(call.accountId(), call.region(), arn.get().name())
                .orElseThrow(() -> new CairnException(ErrorCode.LOGS_RESOURCE_NOT_FOUND, "The specified resource does not exist."));
    }

    /** The group's tags with {@code added} (a map of keys to values) added, a key it has taking the new value. */
    static Map<String, String> merge(LogGroup group, JsonNode added)
    {
        Map<String, String> tags = new TreeMap<>(group.tags());
        added.properties().forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
        return tags;
    }

    /** The group's tags without {@code keys} (a list of keys); keys it does not have are ignored. */
    static Map<String, String> remove(LogGroup group, JsonNode keys)
    {
        Map<String, String> tags = new TreeMap<>(group.tags());
        keys.forEach(key -> tags.remove(key.asText()));
        return tags;
    }

    static ObjectNode tags(LogGroup group)
    {
        ObjectNode output = Logs.NODES.objectNode();
        ObjectNode tags = output.putObject("tags");
        group.tags().forEach(tags::put);
        return output;
    }
}
