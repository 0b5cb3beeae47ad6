package dev.cairn.core.events;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An EventBridge rule on an account's default event bus in one region, with its targets (kept in the rule's document,
 * so that replacing the rule by PutRule keeps them and a rule with its targets is read at once).
 *
 * @param eventPattern the pattern as given (checked by {@link EventPattern#parse} before it is stored)
 * @param state {@code ENABLED}, {@code DISABLED} or {@code ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS}
 * @param tags the tags given when the rule was created, in the order given (PutRule ignores tags on updates)
 * @param createdBy the account that created the rule (DescribeRule's {@code CreatedBy})
 * @param targets the rule's targets in the order they were first put; a target put again keeps its place
 */
public record Rule(
        String accountId,
        String region,
        String name,
        Optional<String> eventPattern,
        String state,
        Optional<String> description,
        Optional<String> roleArn,
        Map<String, String> tags,
        String createdBy,
        List<Target> targets)
{
    public static final String DEFAULT_EVENT_BUS = "default";
    public static final String ENABLED = "ENABLED";
    public static final String DISABLED = "DISABLED";
    public static final String ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

    public Rule
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(name, "name is null");
        requireNonNull(eventPattern, "eventPattern is null");
        requireNonNull(state, "state is null");
        requireNonNull(description, "description is null");
        requireNonNull(roleArn, "roleArn is null");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        requireNonNull(createdBy, "createdBy is null");
        targets = List.copyOf(targets);
    }

    public Rule withState(String newState)
    {
        return new Rule(accountId, region, name, eventPattern, newState, description, roleArn, tags, createdBy, targets);
    }

    public Rule withTargets(List<Target> newTargets)
    {
        return new Rule(accountId, region, name, eventPattern, state, description, roleArn, tags, createdBy, newTargets);
    }

    /** Whether the rule matches events at all: not {@code DISABLED}. */
    public boolean enabled()
    {
        return !state.equals(DISABLED);
    }

    public Optional<Target> target(String id)
    {
        return targets.stream().filter(target -> target.id().equals(id)).findFirst();
    }

    /** {@code arn:aws:events:REGION:ACCOUNT:rule/NAME}: the resource IAM authorizes rule actions on. */
    public String arn()
    {
        return arn(accountId, region, name);
    }

    public static String arn(String accountId, String region, String name)
    {
        return "arn:aws:events:" + region + ":" + accountId + ":rule/" + name;
    }

    /** The ARN of the account's default event bus in the region. */
    public static String defaultEventBusArn(String accountId, String region)
    {
        return "arn:aws:events:" + region + ":" + accountId + ":event-bus/" + DEFAULT_EVENT_BUS;
    }
}
