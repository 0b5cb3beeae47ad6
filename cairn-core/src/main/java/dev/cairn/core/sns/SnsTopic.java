package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An SNS topic as Cairn keeps it.
 *
 * @param attributes the attributes set by CreateTopic or SetTopicAttributes ({@code DisplayName}, {@code Policy},
 *         {@code DeliveryPolicy}, {@code SignatureVersion}); the others are derived
 * @param subscriptionsDeleted how many of its subscriptions were deleted ({@code SubscriptionsDeleted})
 */
public record SnsTopic(
        String accountId,
        String region,
        String name,
        long creationTime,
        Map<String, String> attributes,
        Map<String, String> tags,
        long subscriptionsDeleted)
{
    public static final String DISPLAY_NAME = "DisplayName";
    public static final String POLICY = "Policy";
    public static final String DELIVERY_POLICY = "DeliveryPolicy";
    public static final String SIGNATURE_VERSION = "SignatureVersion";

    public SnsTopic
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(name, "name is null");
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    public String arn()
    {
        return SnsArns.topicArn(accountId, region, name);
    }

    /** The attribute as set, or empty; {@code DisplayName} and {@code Policy} read as their defaults when not set. */
    public Optional<String> attribute(String attributeName)
    {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    public String displayName()
    {
        return attribute(DISPLAY_NAME).orElse("");
    }

    /** The access policy: the one set, else AWS's default, which lets the owner account do everything with the topic. */
    public String policy()
    {
        return attribute(POLICY).orElseGet(() -> defaultPolicy(accountId, arn()));
    }

    public SignatureVersion signatureVersion()
    {
        return attribute(SIGNATURE_VERSION).map(SignatureVersion::fromValue).orElse(SignatureVersion.DEFAULT);
    }

    /** The HTTP/S delivery policy: the one set, else AWS's default. */
    public SnsDeliveryPolicy deliveryPolicy()
    {
        Optional<String> policy = attribute(DELIVERY_POLICY);
        if (policy.isEmpty()) {
            return SnsDeliveryPolicy.DEFAULT;
        }
        try {
            return SnsDeliveryPolicy.parse(policy.get());
        }
        catch (SnsDeliveryPolicy.InvalidDeliveryPolicyException e) {
            // checked when it was set
            throw new IllegalStateException("stored delivery policy of " + arn() + " is invalid: " + e.getMessage(), e);
        }
    }

    /** The topic with the attribute set to {@code value}, or back to its default when empty. */
    public SnsTopic withAttribute(String attributeName, Optional<String> value)
    {
        Map<String, String> changed = new TreeMap<>(attributes);
        value.ifPresentOrElse(text -> changed.put(attributeName, text), () -> changed.remove(attributeName));
        return new SnsTopic(accountId, region, name, creationTime, changed, tags, subscriptionsDeleted);
    }

    public SnsTopic withSubscriptionsDeleted(long deleted)
    {
        return new SnsTopic(accountId, region, name, creationTime, attributes, tags, subscriptionsDeleted + deleted);
    }

    /** The policy SNS gives a new topic, as GetTopicAttributes shows it (compact JSON). */
    public static String defaultPolicy(String accountId, String topicArn)
    {
        return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:AddPermission\","
                + "\"SNS:RemovePermission\",\"SNS:DeleteTopic\",\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],"
                + "\"Resource\":\"" + topicArn + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + accountId + "\"}}}]}";
    }
}
