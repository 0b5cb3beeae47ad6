package dev.cairn.core.ops.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.events.Target;
import dev.cairn.core.events.TargetArn;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds targets to a rule, or replaces those of the same {@code Id}. Cairn delivers to CloudWatch Logs log groups, SNS
 * topics and API destinations of the rule's account and region; an entry naming anything else, asking for another
 * kind's parameters, or a dead-letter queue that is not an SQS queue, log group or topic fails on its own
 * ({@code FailedEntries}, as AWS reports entries it could not put) while the others are put. {@code Input} must be
 * JSON, and at most one of {@code Input}, {@code InputPath} and {@code InputTransformer} may be given, else the call
 * fails whole. A rule has at most 5 targets ({@code LimitExceededException}, nothing put).
 */
public final class PutTargets
        implements WriteOperation, RuleOperation
{
    /** EventBridge's quota of targets per rule. */
    static final int MAXIMUM_TARGETS = 5;
    /** Parameters of target kinds Cairn does not deliver to. */
    private static final List<String> OTHER_KINDS_PARAMETERS = List.of("KinesisParameters", "RunCommandParameters", "EcsParameters", "BatchParameters", "SqsParameters",
            "RedshiftDataParameters", "SageMakerPipelineParameters", "AppSyncParameters");
    private static final String ENTRY_ERROR = "ValidationException";

    @Override
    public String name()
    {
        return "PutTargets";
    }

    @Override
    public String ruleMember()
    {
        return "Rule";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        RuleRepository rules = new RuleRepository(metadata);
        Rule rule = Events.requireRule(rules, call, Events.text(call, "Rule"));

        Map<String, Target> targets = new LinkedHashMap<>();
        rule.targets().forEach(target -> targets.put(target.id(), target));
        ArrayNode failed = Events.NODES.arrayNode();
        for (JsonNode entry : call.input().path("Targets")) {
            String id = entry.path("Id").asText();
            Optional<String> problem = problem(call, entry);
            if (problem.isPresent()) {
                failed.addObject().put("TargetId", id).put("ErrorCode", ENTRY_ERROR).put("ErrorMessage", problem.get());
                continue;
            }
            targets.put(id, target(entry));
        }
        if (targets.size() > MAXIMUM_TARGETS) {
            throw new CairnException(ErrorCode.EVENTS_LIMIT_EXCEEDED, "The requested resource exceeds the maximum number allowed: a rule has at most " + MAXIMUM_TARGETS
                    + " targets.");
        }
        rules.put(rule.withTargets(new ArrayList<>(targets.values())));
        ObjectNode output = Events.NODES.objectNode();
        output.put("FailedEntryCount", failed.size());
        output.set("FailedEntries", failed);
        return output;
    }

    /** Why the entry cannot be put on its own, if it cannot; a malformed entry fails the whole call. */
    private static Optional<String> problem(CallContext call, JsonNode entry)
    {
        int inputs = (entry.hasNonNull("Input") ? 1 : 0) + (entry.hasNonNull("InputPath") ? 1 : 0) + (entry.hasNonNull("InputTransformer") ? 1 : 0);
        if (inputs > 1) {
            throw new CairnException(ErrorCode.VALIDATION, "Only one of Input, InputPath, or InputTransformer must be provided for target " + entry.path("Id").asText() + ".");
        }
        if (entry.hasNonNull("Input")) {
            try {
                Json.mapper().readTree(entry.get("Input").asText());
            }
            catch (JsonProcessingException e) {
                throw new CairnException(ErrorCode.VALIDATION, "Input of target " + entry.path("Id").asText() + " is not valid JSON.");
            }
        }
        String arn = entry.path("Arn").asText();
        Optional<TargetArn> target = TargetArn.parse(arn).filter(parsed -> parsed.kind() != TargetArn.Kind.SQS_QUEUE);
        if (target.isEmpty()) {
            return Optional.of("Cairn does not deliver to " + arn + ": targets are CloudWatch Logs log groups, SNS topics and API destinations.");
        }
        if (!target.get().accountId().equals(call.accountId()) || !target.get().region().equals(call.region())) {
            return Optional.of("Cairn delivers only to targets in the rule's account and region: " + arn + " is not.");
        }
        for (String parameters : OTHER_KINDS_PARAMETERS) {
            if (entry.hasNonNull(parameters)) {
                return Optional.of(parameters + " is not valid for target " + arn + ".");
            }
        }
        if (entry.hasNonNull("HttpParameters") && target.get().kind() != TargetArn.Kind.API_DESTINATION) {
            return Optional.of("HttpParameters is valid only for API destinations.");
        }
        Optional<String> deadLetter = Events.optionalText(entry.path("DeadLetterConfig"), "Arn");
        if (deadLetter.isPresent()) {
            Optional<TargetArn> queue = TargetArn.parse(deadLetter.get()).filter(parsed -> parsed.kind() != TargetArn.Kind.API_DESTINATION);
            if (queue.isEmpty()) {
                return Optional.of("The dead-letter queue " + deadLetter.get() + " is not an SQS queue, a CloudWatch Logs log group or an SNS topic.");
            }
            if (!queue.get().accountId().equals(call.accountId()) || !queue.get().region().equals(call.region())) {
                return Optional.of("The dead-letter queue " + deadLetter.get() + " is not in the rule's account and region.");
            }
        }
        return Optional.empty();
    }

    private static Target target(JsonNode entry)
    {
        Optional<Target.InputTransformer> transformer = Optional.empty();
        if (entry.hasNonNull("InputTransformer")) {
            JsonNode json = entry.get("InputTransformer");
            transformer = Optional.of(new Target.InputTransformer(strings(json.path("InputPathsMap")), json.path("InputTemplate").asText()));
        }
        Optional<Target.RetryPolicy> retryPolicy = Optional.empty();
        if (entry.hasNonNull("RetryPolicy")) {
            JsonNode json = entry.get("RetryPolicy");
            retryPolicy = Optional.of(new Target.RetryPolicy(
                    json.path("MaximumRetryAttempts").asInt(Target.RetryPolicy.DEFAULT_MAXIMUM_RETRY_ATTEMPTS),
                    json.path("MaximumEventAgeInSeconds").asInt(Target.RetryPolicy.DEFAULT_MAXIMUM_EVENT_AGE_IN_SECONDS)));
        }
        Optional<Target.HttpParameters> httpParameters = Optional.empty();
        if (entry.hasNonNull("HttpParameters")) {
            JsonNode json = entry.get("HttpParameters");
            List<String> pathValues = new ArrayList<>();
            json.path("PathParameterValues").forEach(value -> pathValues.add(value.asText()));
            httpParameters = Optional.of(new Target.HttpParameters(pathValues, strings(json.path("HeaderParameters")), strings(json.path("QueryStringParameters"))));
        }
        return new Target(
                entry.path("Id").asText(),
                entry.path("Arn").asText(),
                Events.optionalText(entry, "RoleArn"),
                Events.optionalText(entry, "Input"),
                Events.optionalText(entry, "InputPath"),
                transformer,
                retryPolicy,
                Events.optionalText(entry.path("DeadLetterConfig"), "Arn"),
                httpParameters);
    }

    private static Map<String, String> strings(JsonNode map)
    {
        Map<String, String> strings = new LinkedHashMap<>();
        map.properties().forEach(entry -> strings.put(entry.getKey(), entry.getValue().asText()));
        return strings;
    }
}
