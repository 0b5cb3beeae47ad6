package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.PageTokens;
import dev.cairn.core.sns.SignatureVersion;
import dev.cairn.core.sns.SnsArns;
import dev.cairn.core.sns.SnsDeliveryPolicy;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsSubscription;
import dev.cairn.core.sns.SnsTopic;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Helpers shared by the SNS operations: input, SNS's errors, topic lookup by ARN, paging tokens, attribute checks.
 */
final class Sns
{
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String TOPIC_TYPE = "AWS::SNS::Topic";
    /** ListTopics, ListSubscriptions and ListSubscriptionsByTopic answer 100 items a page, as SNS does. */
    static final int PAGE_SIZE = 100;
    /** The topic attributes Cairn keeps. */
    static final Set<String> SETTABLE_ATTRIBUTES = Set.of(SnsTopic.DISPLAY_NAME, SnsTopic.POLICY, SnsTopic.DELIVERY_POLICY, SnsTopic.SIGNATURE_VERSION);
    /** Topic attributes SNS has that Cairn does not keep: refused by name rather than taken as unknown. */
    static final Set<String> UNSUPPORTED_ATTRIBUTES = Set.of("TracingConfig", "KmsMasterKeyId", "FifoTopic", "ContentBasedDeduplication", "ArchivePolicy",
            "FifoThroughputScope", "DataProtectionPolicy",
            "HTTPSuccessFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate", "HTTPFailureFeedbackRoleArn",
            "FirehoseSuccessFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate", "FirehoseFailureFeedbackRoleArn",
            "LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate", "LambdaFailureFeedbackRoleArn",
            "ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate", "ApplicationFailureFeedbackRoleArn",
            "SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate", "SQSFailureFeedbackRoleArn");
    /** SNS's limits of the attributes' values. */
    static final int MAXIMUM_DISPLAY_NAME_LENGTH = 100;
    static final int MAXIMUM_POLICY_LENGTH = 30_720;
    /** Tags a topic may have. */
    static final int MAXIMUM_TAGS = 50;
    private static final PageTokens TOKENS = new PageTokens("cairn-sns:", () -> invalidParameter("NextToken"));

    private Sns()
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

    static CairnException invalidParameter(String what)
    {
        return new CairnException(ErrorCode.SNS_INVALID_PARAMETER, "Invalid parameter: " + what);
    }

    static CairnException topicNotFound()
    {
        return new CairnException(ErrorCode.SNS_NOT_FOUND, "Topic does not exist");
    }

    /**
     * The topic an ARN names in the caller's account and the call's region. An ARN of another region is invalid, as
     * in SNS; one of another account is refused as SNS refuses it without a topic policy granting access (Cairn does
     * not evaluate topic policies), whether or not that topic exists.
     */
    static SnsArns.TopicName topicName(CallContext call, String topicArn)
    {
        SnsArns.TopicName name = SnsArns.parseTopic(topicArn).orElseThrow(() -> invalidParameter("TopicArn"));
        if (!name.region().equals(call.region())) {
            throw invalidParameter("TopicArn");
        }
        if (!name.accountId().equals(call.accountId())) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, "User: " + call.principal().arn() + " is not authorized to perform: " + call.service().signingName()
                    + ":" + call.operation() + " on resource: " + topicArn);
        }
        return name;
    }

    static SnsTopic requireTopic(SnsRepository topics, CallContext call, String topicArn)
            throws IOException
    {
        SnsArns.TopicName name = topicName(call, topicArn);
        return topics.topic(name.accountId(), name.region(), name.name()).orElseThrow(Sns::topicNotFound);
    }

    /** An opaque token naming the last item of a page: the next page starts after it. */
    static String nextToken(String lastKey)
    {
        return TOKENS.encode(lastKey);
    }

    /** The key a {@code NextToken} names, empty without one. */
    static String afterKey(CallContext call)
    {
        return TOKENS.decode(optionalText(call, "NextToken")).orElse("");
    }

    /**
     * Checks a topic attribute as CreateTopic and SetTopicAttributes take it; returns its value to keep, empty for an
     * empty value (the attribute's default).
     */
    static Optional<String> checkedAttribute(String name, String value)
    {
        if (UNSUPPORTED_ATTRIBUTES.contains(name)) {
            throw invalidParameter("AttributeName Reason: Cairn does not support the topic attribute " + name + "; it supports "
                    + String.join(", ", SETTABLE_ATTRIBUTES.stream().sorted().toList()));
        }
        if (!SETTABLE_ATTRIBUTES.contains(name)) {
            throw invalidParameter("AttributeName");
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        switch (name) {
            case SnsTopic.DISPLAY_NAME -> {
                if (value.codePointCount(0, value.length()) > MAXIMUM_DISPLAY_NAME_LENGTH) {
                    throw invalidParameter("DisplayName Reason: must be at most " + MAXIMUM_DISPLAY_NAME_LENGTH + " characters");
                }
            }
            case SnsTopic.SIGNATURE_VERSION -> {
                try {
                    SignatureVersion.fromValue(value);
                }
                catch (IllegalArgumentException e) {
                    throw invalidParameter("SignatureVersion");
                }
            }
            case SnsTopic.DELIVERY_POLICY -> {
                try {
                    SnsDeliveryPolicy.parse(value);
                }
                catch (SnsDeliveryPolicy.InvalidDeliveryPolicyException e) {
                    throw invalidParameter("DeliveryPolicy: " + e.getMessage());
                }
            }
            case SnsTopic.POLICY -> checkPolicy(value);
            default -> throw new IllegalStateException("unexpected attribute " + name);
        }
        return Optional.of(value);
    }

    /** A topic policy: a JSON object with statements, within SNS's size. What it grants is not evaluated. */
    private static void checkPolicy(String value)
    {
        if (value.length() > MAXIMUM_POLICY_LENGTH) {
            throw invalidParameter("Policy Error: the policy is longer than " + MAXIMUM_POLICY_LENGTH + " characters");
        }
        JsonNode policy;
        try {
            policy = Json.mapper().readTree(value);
        }
        catch (IOException e) {
            throw invalidParameter("Policy Error: the policy is not valid JSON");
        }
        if (policy == null || !policy.isObject()) {
            throw invalidParameter("Policy Error: the policy is not a JSON object");
        }
        JsonNode statement = policy.get("Statement");
        if (statement == null || !(statement.isObject() || (statement.isArray() && !statement.isEmpty()))) {
            throw invalidParameter("Policy Error: the policy has no Statement");
        }
    }

    /** The tags of CreateTopic's {@code Tags}: keys once each, at most 50. */
    static Map<String, String> tags(CallContext call)
    {
        Map<String, String> tags = new TreeMap<>();
        for (JsonNode tag : call.input().path("Tags")) {
            if (tags.put(tag.path("Key").asText(), tag.path("Value").asText()) != null) {
                throw invalidParameter("Tags Reason: Duplicated keys are not allowed.");
            }
        }
        if (tags.size() > MAXIMUM_TAGS) {
            throw new CairnException(ErrorCode.SNS_TAG_LIMIT_EXCEEDED, "Could not complete request: tag quota of per resource exceeded");
        }
        return tags;
    }

    /** A subscription as ListSubscriptions and ListSubscriptionsByTopic show it. */
    static ObjectNode subscription(SnsSubscription subscription)
    {
        ObjectNode node = NODES.objectNode();
        node.put("SubscriptionArn", subscription.confirmed() ? subscription.arn() : SnsSubscription.PENDING_CONFIRMATION);
        node.put("Owner", subscription.owner());
        node.put("Protocol", subscription.protocol());
        node.put("Endpoint", subscription.endpoint());
        node.put("TopicArn", subscription.topicArn());
        return node;
    }

    /** A page of subscriptions with the token of the next page when the page is full and more may follow. */
    static ObjectNode subscriptionPage(List<SnsSubscription> page, boolean more)
    {
        ObjectNode output = NODES.objectNode();
        ArrayNode list = output.putArray("Subscriptions");
        page.forEach(subscription -> list.add(subscription(subscription)));
        if (more) {
            SnsSubscription last = page.get(page.size() - 1);
            output.put("NextToken", nextToken(SnsRepository.subscriptionKey(last.topicName(), last.id())));
        }
        return output;
    }
}
