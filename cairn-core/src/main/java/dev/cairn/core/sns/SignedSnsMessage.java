package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An SNS message with its signature, as SNS posts it to an HTTP/HTTPS endpoint: the JSON {@link #body()} and the
 * {@link #headers()}. The body has the documented fields in the order of AWS's examples (see {@link SnsMessage}) and
 * SNS's layout, one {@code "Name" : "value"} pair a line; {@code MessageAttributes} come last, as SNS sends them.
 *
 * @param signature Base64 of the {@code signatureVersion}'s signature over {@link SnsMessage#stringToSign()}
 * @param signingCertUrl where the certificate whose key made the signature is served, as PEM
 */
public record SignedSnsMessage(SnsMessage message, SignatureVersion signatureVersion, String signature, String signingCertUrl)
{
    public static final String MESSAGE_TYPE_HEADER = "x-amz-sns-message-type";
    public static final String MESSAGE_ID_HEADER = "x-amz-sns-message-id";
    public static final String TOPIC_ARN_HEADER = "x-amz-sns-topic-arn";
    public static final String SUBSCRIPTION_ARN_HEADER = "x-amz-sns-subscription-arn";
    /** SNS's default; a subscription's delivery policy may name another ({@code headerContentType}). */
    public static final String CONTENT_TYPE = "text/plain; charset=UTF-8";
    public static final String USER_AGENT = "Amazon Simple Notification Service Agent";

    public SignedSnsMessage
    {
        requireNonNull(message, "message is null");
        requireNonNull(signatureVersion, "signatureVersion is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(signingCertUrl, "signingCertUrl is null");
    }

    /** The POST body, to be sent as UTF-8. */
    public String body()
    {
        Body body = new Body();
        body.field("Type", message.type().value());
        body.field("MessageId", message.messageId());
        if (message instanceof SnsMessage.Notification notification) {
            body.field("TopicArn", notification.topicArn());
            notification.subject().ifPresent(subject -> body.field("Subject", subject));
            body.field("Message", notification.message());
            signatureFields(body);
            body.field("UnsubscribeURL", notification.unsubscribeUrl());
            if (!notification.messageAttributes().isEmpty()) {
                body.attributes(notification.messageAttributes());
            }
        }
        else {
            SnsMessage.Confirmation confirmation = (SnsMessage.Confirmation) message;
            body.field("Token", confirmation.token());
            body.field("TopicArn", confirmation.topicArn());
            body.field("Message", confirmation.message());
            body.field("SubscribeURL", confirmation.subscribeUrl());
            signatureFields(body);
        }
        return body.finish();
    }

    private void signatureFields(Body body)
    {
        body.field("Timestamp", SnsMessage.formatTimestamp(message.timestamp()));
        body.field("SignatureVersion", signatureVersion.value());
        body.field("Signature", signature);
        body.field("SigningCertURL", signingCertUrl);
    }

    /**
     * The headers SNS sends with the body (<a href="https://docs.aws.amazon.com/sns/latest/dg/http-header.html">HTTP/HTTPS
     * headers</a>), in the order of AWS's examples: {@code x-amz-sns-subscription-arn} is left out of a
     * SubscriptionConfirmation, which is sent while the subscription is pending. {@code Content-Length}, {@code Host}
     * and {@code Connection} are the HTTP client's.
     */
    public Map<String, String> headers()
    {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(MESSAGE_TYPE_HEADER, message.type().value());
        headers.put(MESSAGE_ID_HEADER, message.messageId());
        headers.put(TOPIC_ARN_HEADER, message.topicArn());
        if (message.type() != SnsMessage.Type.SUBSCRIPTION_CONFIRMATION) {
            headers.put(SUBSCRIPTION_ARN_HEADER, message.subscriptionArn());
        }
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("User-Agent", USER_AGENT);
        return Collections.unmodifiableMap(headers);
    }

    /** Writes the JSON object as SNS lays it out; strings escaped as JSON requires (no more: UTF-8 stays as it is). */
    private static final class Body
    {
        private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

        private final StringBuilder json = new StringBuilder(1_024);

        void field(String name, String value)
        {
            next();
            string(name).append(" : ");
            string(value);
        }

        void attributes(Map<String, SnsMessageAttribute> attributes)
        {
            next();
            string("MessageAttributes").append(" : {");
            String separator = "\n    ";
            for (Map.Entry<String, SnsMessageAttribute> attribute : attributes.entrySet()) {
                json.append(separator);
                separator = ",\n    ";
                string(attribute.getKey()).append(" : {");
                string("Type").append(':');
                string(attribute.getValue().type()).append(',');
                string("Value").append(':');
                string(attribute.getValue().value()).append('}');
            }
            json.append("\n  }");
        }

        String finish()
        {
            return json.append("\n}").toString();
        }

        private void next()
        {
            json.append(json.isEmpty() ? "{\n  " : ",\n  ");
        }

        private StringBuilder string(String value)
        {
            return json.append('"').append(ENCODER.quoteAsString(value)).append('"');
        }
    }
}
