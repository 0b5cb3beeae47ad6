package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One message for one HTTP/HTTPS subscription, as it waits in the outbox (destination {@link #destination}): what
 * {@link SnsDelivery} needs to build, sign and post it, however often it is tried. The URLs that point back at Cairn
 * ({@code SubscribeURL}, {@code UnsubscribeURL}, {@code SigningCertURL}) are made when it is sent, from the API
 * endpoint of the node that sends it. The retry numbers are the topic's delivery policy when the message was made.
 *
 * @param token a SubscriptionConfirmation's confirmation token (it waits here, and in no other place, until sent)
 */
public record SnsDeliveryMessage(
        SnsMessage.Type type,
        String messageId,
        String topicArn,
        String subscriptionArn,
        String endpoint,
        Optional<String> subject,
        String message,
        Instant timestamp,
        Map<String, SnsMessageAttribute> messageAttributes,
        Optional<String> token,
        String signatureVersion,
        String deliveryPolicy)
{
    private static final String DESTINATION_PREFIX = "sns/";

    public SnsDeliveryMessage
    {
        requireNonNull(type, "type is null");
        requireNonNull(messageId, "messageId is null");
        requireNonNull(topicArn, "topicArn is null");
        requireNonNull(subscriptionArn, "subscriptionArn is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(message, "message is null");
        requireNonNull(timestamp, "timestamp is null");
        messageAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(messageAttributes));
        requireNonNull(token, "token is null");
        requireNonNull(signatureVersion, "signatureVersion is null");
        requireNonNull(deliveryPolicy, "deliveryPolicy is null");
    }

    /** The outbox destination of a subscription's messages: one sender at a time per subscription. */
    public static String destination(String subscriptionArn)
    {
        return DESTINATION_PREFIX + subscriptionArn;
    }

    public static boolean isSnsDestination(String destination)
    {
        return destination.startsWith(DESTINATION_PREFIX);
    }

    public String destination()
    {
        return destination(subscriptionArn);
    }

    public byte[] toBytes()
    {
        try {
            return Json.mapper().writeValueAsBytes(this);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SnsDeliveryMessage fromBytes(byte[] payload)
            throws IOException
    {
        return Json.mapper().readValue(payload, SnsDeliveryMessage.class);
    }

    /** The message as SNS posts it, with the URLs of the sending node's API endpoint ({@code apiEndpoint}, no trailing slash). */
    public SnsMessage snsMessage(String apiEndpoint)
    {
        return switch (type) {
            case NOTIFICATION -> new SnsMessage.Notification(messageId, topicArn, subscriptionArn, subject, message, timestamp,
                    apiEndpoint + "/?Action=Unsubscribe&SubscriptionArn=" + encode(subscriptionArn), messageAttributes);
            case SUBSCRIPTION_CONFIRMATION -> SnsMessage.subscriptionConfirmation(messageId, topicArn, subscriptionArn, token.orElseThrow(),
                    apiEndpoint + "/?Action=ConfirmSubscription&TopicArn=" + encode(topicArn) + "&Token=" + token.orElseThrow(), timestamp);
            case UNSUBSCRIBE_CONFIRMATION -> SnsMessage.unsubscribeConfirmation(messageId, topicArn, subscriptionArn, token.orElseThrow(),
                    apiEndpoint + "/?Action=ConfirmSubscription&TopicArn=" + encode(topicArn) + "&Token=" + token.orElseThrow(), timestamp);
        };
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString()
    {
        // the token and the message stay out of logs
        return "SnsDeliveryMessage{" + type.value() + " " + messageId + " to " + subscriptionArn + "}";
    }
}
