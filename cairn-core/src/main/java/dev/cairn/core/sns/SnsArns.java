package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SNS's ARNs: a topic's {@code arn:aws:sns:REGION:ACCOUNT:NAME} and a subscription's, the topic's with
 * {@code :ID} added.
 */
public final class SnsArns
{
    /** What CreateTopic accepts as a name: ASCII letters, digits, hyphens and underscores, 1 to 256 of them. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private SnsArns()
    {
    }

    /** A topic named by its ARN. */
    public record TopicName(String region, String accountId, String name)
    {
        public TopicName
        {
            requireNonNull(region, "region is null");
            requireNonNull(accountId, "accountId is null");
            requireNonNull(name, "name is null");
        }

        public String arn()
        {
            return topicArn(accountId, region, name);
        }
    }

    /** A subscription named by its ARN. */
    public record SubscriptionName(TopicName topic, String id)
    {
        public SubscriptionName
        {
            requireNonNull(topic, "topic is null");
            requireNonNull(id, "id is null");
        }
    }

    public static boolean validTopicName(String name)
    {
        return TOPIC_NAME.matcher(name).matches();
    }

    public static String topicArn(String accountId, String region, String name)
    {
        return "arn:aws:sns:" + region + ":" + accountId + ":" + name;
    }

    /** The topic an ARN names, empty when it is not a topic ARN. */
    public static Optional<TopicName> parseTopic(String arn)
    {
        String[] parts = arn.split(":", -1);
        if (parts.length != 6) {
            return Optional.empty();
        }
        return topic(parts);
    }

    /** The subscription an ARN names, empty when it is not a subscription ARN. */
    public static Optional<SubscriptionName> parseSubscription(String arn)
    {
        String[] parts = arn.split(":", -1);
        if (parts.length != 7 || !SUBSCRIPTION_ID.matcher(parts[6]).matches()) {
            return Optional.empty();
        }
        return topic(parts).map(topic -> new SubscriptionName(topic, parts[6]));
    }

    private static Optional<TopicName> topic(String[] parts)
    {
        if (!parts[0].equals("arn") || !parts[1].startsWith("aws") || !parts[2].equals("sns") || parts[3].isEmpty() || !parts[4].matches("[0-9]{12}")
                || !validTopicName(parts[5])) {
            return Optional.empty();
        }
        return Optional.of(new TopicName(parts[3], parts[4], parts[5]));
    }
}
