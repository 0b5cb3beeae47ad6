package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A message SNS posts to an HTTP/HTTPS subscription, before it is signed ({@link SnsSigningCertificate#sign}), with the
 * fields AWS documents for each type:
 * <a href="https://docs.aws.amazon.com/sns/latest/dg/http-notification-json.html">HTTP/HTTPS notification JSON
 * format</a>, <a href="https://docs.aws.amazon.com/sns/latest/dg/http-subscription-confirmation-json.html">HTTP/HTTPS
 * subscription confirmation JSON format</a> and
 * <a href="https://docs.aws.amazon.com/sns/latest/dg/http-unsubscribe-confirmation-json.html">HTTP/HTTPS unsubscribe
 * confirmation JSON format</a>. Each message is for one subscription: a notification carries the subscription's
 * UnsubscribeURL. Timestamps are kept to the millisecond, as SNS writes them.
 */
public sealed interface SnsMessage
        permits SnsMessage.Notification, SnsMessage.Confirmation
{
    /** The message's {@code Type}, also sent as the {@code x-amz-sns-message-type} header. */
    enum Type
    {
        NOTIFICATION("Notification"),
        SUBSCRIPTION_CONFIRMATION("SubscriptionConfirmation"),
        UNSUBSCRIBE_CONFIRMATION("UnsubscribeConfirmation");

        private final String value;

        Type(String value)
        {
            this.value = value;
        }

        /** As SNS spells it in the message and the header. */
        public String value()
        {
            return value;
        }
    }

    Type type();

    /** A UUID; a message sent again keeps its id. */
    String messageId();

    String topicArn();

    /** The subscription the message is sent to (or, for an unsubscribe confirmation, the one deactivated). */
    String subscriptionArn();

    String message();

    Instant timestamp();

    /**
     * What {@code Signature} signs: the type's documented name/value pairs in byte order of their names, each as
     * {@code name\nvalue\n} (<a href="https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message-verify-message-signature.html">Verifying
     * the signature of an Amazon SNS message</a>). Values are the originals, not their JSON escapes; signed as UTF-8.
     */
    String stringToSign();

    /** {@code Timestamp}'s format: ISO 8601 in UTC with milliseconds, {@code 2012-05-02T00:54:06.655Z}. */
    static String formatTimestamp(Instant timestamp)
    {
        return StringToSign.TIMESTAMP.format(timestamp);
    }

    /**
     * A subscription confirmation with the message text SNS sends: the endpoint confirms by visiting
     * {@code subscribeUrl} or calling ConfirmSubscription with {@code token}.
     */
    static Confirmation subscriptionConfirmation(String messageId, String topicArn, String subscriptionArn, String token, String subscribeUrl, Instant timestamp)
    {
        String message = "You have chosen to subscribe to the topic " + topicArn + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
        return new Confirmation(Type.SUBSCRIPTION_CONFIRMATION, messageId, topicArn, subscriptionArn, token, message, subscribeUrl, timestamp);
    }

    /**
     * An unsubscribe confirmation with the message text SNS sends: visiting {@code subscribeUrl} (or ConfirmSubscription
     * with {@code token}) restores the subscription.
     */
    static Confirmation unsubscribeConfirmation(String messageId, String topicArn, String subscriptionArn, String token, String subscribeUrl, Instant timestamp)
    {
        String message = "You have chosen to deactivate subscription " + subscriptionArn + ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.";
        return new Confirmation(Type.UNSUBSCRIBE_CONFIRMATION, messageId, topicArn, subscriptionArn, token, message, subscribeUrl, timestamp);
    }

    /**
     * A message published to the topic, as delivered to one subscription.
     *
     * @param subject present only when the publisher gave one; the JSON has no {@code Subject} otherwise
     * @param unsubscribeUrl visiting it unsubscribes the endpoint
     * @param messageAttributes in the order given; written as {@code MessageAttributes} when there are any, and not signed
     */
    record Notification(String messageId, String topicArn, String subscriptionArn, Optional<String> subject, String message, Instant timestamp, String unsubscribeUrl,
            Map<String, SnsMessageAttribute> messageAttributes)
            implements SnsMessage
    {
        public Notification
        {
            requireNonNull(messageId, "messageId is null");
            requireNonNull(topicArn, "topicArn is null");
            requireNonNull(subscriptionArn, "subscriptionArn is null");
            requireNonNull(subject, "subject is null");
            requireNonNull(message, "message is null");
            timestamp = requireNonNull(timestamp, "timestamp is null").truncatedTo(ChronoUnit.MILLIS);
            requireNonNull(unsubscribeUrl, "unsubscribeUrl is null");
            messageAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(messageAttributes, "messageAttributes is null")));
        }

        @Override
        public Type type()
        {
            return Type.NOTIFICATION;
        }

        /** {@code Message, MessageId, Subject} (if present){@code , Timestamp, TopicArn, Type}. */
        @Override
        public String stringToSign()
        {
            StringToSign signed = new StringToSign()
                    .add("Message", message)
                    .add("MessageId", messageId);
            subject.ifPresent(value -> signed.add("Subject", value));
            return signed
                    .add("Timestamp", formatTimestamp(timestamp))
                    .add("TopicArn", topicArn)
                    .add("Type", type().value())
                    .toString();
        }
    }

    /**
     * A {@code SubscriptionConfirmation} or {@code UnsubscribeConfirmation}; the two have the same fields. Made by
     * {@link #subscriptionConfirmation} and {@link #unsubscribeConfirmation} with SNS's message texts.
     *
     * @param token confirms the subscription through ConfirmSubscription
     * @param subscribeUrl visiting it confirms the subscription
     */
    record Confirmation(Type type, String messageId, String topicArn, String subscriptionArn, String token, String message, String subscribeUrl, Instant timestamp)
            implements SnsMessage
    {
        public Confirmation
        {
            requireNonNull(type, "type is null");
            if (type == Type.NOTIFICATION) {
                throw new IllegalArgumentException("a confirmation is a SubscriptionConfirmation or an UnsubscribeConfirmation");
            }
            requireNonNull(messageId, "messageId is null");
            requireNonNull(topicArn, "topicArn is null");
            requireNonNull(subscriptionArn, "subscriptionArn is null");
            requireNonNull(token, "token is null");
            requireNonNull(message, "message is null");
            requireNonNull(subscribeUrl, "subscribeUrl is null");
            timestamp = requireNonNull(timestamp, "timestamp is null").truncatedTo(ChronoUnit.MILLIS);
        }

        /** {@code Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type}. */
        @Override
        public String stringToSign()
        {
            return new StringToSign()
                    .add("Message", message)
                    .add("MessageId", messageId)
                    .add("SubscribeURL", subscribeUrl)
                    .add("Timestamp", formatTimestamp(timestamp))
                    .add("Token", token)
                    .add("TopicArn", topicArn)
                    .add("Type", type.value())
                    .toString();
        }
    }
}
