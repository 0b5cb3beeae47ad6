package dev.cairn.core.sns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The envelopes against the examples on AWS's pages "HTTP/HTTPS notification JSON format", "HTTP/HTTPS subscription
 * confirmation JSON format", "HTTP/HTTPS unsubscribe confirmation JSON format", "HTTP/HTTPS headers" and the strings to
 * sign on "Verifying the signatures of Amazon SNS messages". Their signatures are the pages' placeholders:
 * {@link TestSnsSigningCertificate} checks real ones.
 */
public class TestSnsMessage
{
    private static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:MyTopic";
    private static final String CERT_URL = "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem";

    @Test
    public void notificationAsDocumented()
    {
        String subscription = TOPIC + ":c9135db0-26c4-47ec-8998-413945fb5a96";
        SnsMessage.Notification notification = new SnsMessage.Notification("22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324", TOPIC, subscription, Optional.of("My First Message"),
                "Hello world!", Instant.parse("2012-05-02T00:54:06.655Z"), "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + subscription, Map.of());
        SignedSnsMessage signed = new SignedSnsMessage(notification, SignatureVersion.V1, "EXAMPLEw6JRN...", CERT_URL);

        assertThat(signed.body()).isEqualTo("""
                {
                  "Type" : "Notification",
                  "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
                  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
                  "Subject" : "My First Message",
                  "Message" : "Hello world!",
                  "Timestamp" : "2012-05-02T00:54:06.655Z",
                  "SignatureVersion" : "1",
                  "Signature" : "EXAMPLEw6JRN...",
                  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
                  "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"
                }""");
        assertThat(signed.headers()).containsExactly(
                entry("x-amz-sns-message-type", "Notification"),
                entry("x-amz-sns-message-id", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324"),
                entry("x-amz-sns-topic-arn", TOPIC),
                entry("x-amz-sns-subscription-arn", subscription),
                entry("Content-Type", "text/plain; charset=UTF-8"),
                entry("User-Agent", "Amazon Simple Notification Service Agent"));
    }

    @Test
    public void subscriptionConfirmationAsDocumented()
    {
        SnsMessage.Confirmation confirmation = SnsMessage.subscriptionConfirmation("165545c9-2a5c-472c-8df2-7ff2be2b3b1b", TOPIC, TOPIC + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
                "2336412f37...", "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=2336412f37...",
                Instant.parse("2012-04-26T20:45:04.751Z"));
        String signature = "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=";
        SignedSnsMessage signed = new SignedSnsMessage(confirmation, SignatureVersion.V1, signature, CERT_URL);

        assertThat(signed.body()).isEqualTo("""
                {
                  "Type" : "SubscriptionConfirmation",
                  "MessageId" : "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
                  "Token" : "2336412f37...",
                  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
                  "Message" : "You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.\\nTo confirm the subscription, visit the SubscribeURL included in this message.",
                  "SubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37...",
                  "Timestamp" : "2012-04-26T20:45:04.751Z",
                  "SignatureVersion" : "1",
                  "Signature" : "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
                  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
                }""");
        // sent while the subscription is pending: no x-amz-sns-subscription-arn
        assertThat(signed.headers()).containsExactly(
                entry("x-amz-sns-message-type", "SubscriptionConfirmation"),
                entry("x-amz-sns-message-id", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b"),
                entry("x-amz-sns-topic-arn", TOPIC),
                entry("Content-Type", "text/plain; charset=UTF-8"),
                entry("User-Agent", "Amazon Simple Notification Service Agent"));
    }

    @Test
    public void unsubscribeConfirmationAsDocumented()
    {
        String subscription = TOPIC + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55";
        SnsMessage.Confirmation confirmation = SnsMessage.unsubscribeConfirmation("47138184-6831-46b8-8f7c-afc488602d7d", TOPIC, subscription, "2336412f37...",
                "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=2336412f37fb6...", Instant.parse("2012-04-26T20:06:41.581Z"));
        SignedSnsMessage signed = new SignedSnsMessage(confirmation, SignatureVersion.V1, "EXAMPLEHXgJm...", CERT_URL);

        assertThat(signed.body()).isEqualTo("""
                {
                  "Type" : "UnsubscribeConfirmation",
                  "MessageId" : "47138184-6831-46b8-8f7c-afc488602d7d",
                  "Token" : "2336412f37...",
                  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
                  "Message" : "You have chosen to deactivate subscription arn:aws:sns:us-west-2:123456789012:MyTopic:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55.\\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.",
                  "SubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37fb6...",
                  "Timestamp" : "2012-04-26T20:06:41.581Z",
                  "SignatureVersion" : "1",
                  "Signature" : "EXAMPLEHXgJm...",
                  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
                }""");
        assertThat(signed.headers()).containsExactly(
                entry("x-amz-sns-message-type", "UnsubscribeConfirmation"),
                entry("x-amz-sns-message-id", "47138184-6831-46b8-8f7c-afc488602d7d"),
                entry("x-amz-sns-topic-arn", TOPIC),
                entry("x-amz-sns-subscription-arn", subscription),
                entry("Content-Type", "text/plain; charset=UTF-8"),
                entry("User-Agent", "Amazon Simple Notification Service Agent"));
    }

    @Test
    public void stringsToSignAsDocumented()
    {
        String topic = "arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P";
        SnsMessage.Notification notification = new SnsMessage.Notification("4d4dc071-ddbf-465d-bba8-08f81c89da64", topic, topic + ":1", Optional.of("My subject"),
                "My Test Message", Instant.parse("2012-06-05T04:37:04.321Z"), "https://example.com/unsubscribe", Map.of("a", new SnsMessageAttribute("String", "not signed")));
        assertThat(notification.stringToSign()).isEqualTo("""
                Message
                My Test Message
                MessageId
                4d4dc071-ddbf-465d-bba8-08f81c89da64
                Subject
                My subject
                Timestamp
                2012-06-05T04:37:04.321Z
                TopicArn
                arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P
                Type
                Notification
                """);

        String westTopic = "arn:aws:sns:us-west-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P";
        String token = "2336412f37fb687f5d51e6e241d09c8058323f60b964268bfe08ce35640228c208a66d3621bd9f7b012918cfdcfe65e153df551f76df58ed147f1245e330ce77ceff06dedab9f051f7028657e6c42750bf64bc9ef711d494e9f7637b86e690779eb5568f72466806b246bd244fa9392b1bc01eeb1c5e420847a745b7aa4b0085";
        String subscribeUrl = "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + westTopic + "&Token=" + token;
        SnsMessage.Confirmation confirmation = new SnsMessage.Confirmation(SnsMessage.Type.SUBSCRIPTION_CONFIRMATION, "3d891288-136d-417f-bc05-901c108273ee", westTopic,
                westTopic + ":1", token, "My Test Message", subscribeUrl, Instant.parse("2012-06-03T19:25:13.719Z"));
        assertThat(confirmation.stringToSign()).isEqualTo("""
                Message
                My Test Message
                MessageId
                3d891288-136d-417f-bc05-901c108273ee
                SubscribeURL
                %s
                Timestamp
                2012-06-03T19:25:13.719Z
                Token
                %s
                TopicArn
                arn:aws:sns:us-west-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P
                Type
                SubscriptionConfirmation
                """.formatted(subscribeUrl, token));
    }

    @Test
    public void withoutSubjectTheFieldIsLeftOut()
    {
        SnsMessage.Notification notification = notification(Optional.empty(), "{\"s3Bucket\":\"b\"}", Map.of());
        assertThat(notification.stringToSign()).doesNotContain("Subject");
        assertThat(signed(notification).body()).doesNotContain("Subject").doesNotContain("MessageAttributes");
    }

    @Test
    public void messageAttributesComeLastInTheirOrder()
            throws IOException
    {
        Map<String, SnsMessageAttribute> attributes = new LinkedHashMap<>();
        attributes.put("traceparent", new SnsMessageAttribute("String", "00-e46c152a1097400c9c5e8f9b53b26ca5-e1a16aff9e932bba-01"));
        attributes.put("count", new SnsMessageAttribute("Number.java.lang.Long", "1723202440316"));
        attributes.put("blob", new SnsMessageAttribute("Binary", "AAEC"));
        String body = signed(notification(Optional.of("s"), "m", attributes)).body();

        assertThat(body).endsWith("""
                  "UnsubscribeURL" : "https://sns.example/?Action=Unsubscribe",
                  "MessageAttributes" : {
                    "traceparent" : {"Type":"String","Value":"00-e46c152a1097400c9c5e8f9b53b26ca5-e1a16aff9e932bba-01"},
                    "count" : {"Type":"Number.java.lang.Long","Value":"1723202440316"},
                    "blob" : {"Type":"Binary","Value":"AAEC"}
                  }
                }""");
        JsonNode json = Json.mapper().readTree(body);
        assertThat(json.get("MessageAttributes").get("count").get("Value").asText()).isEqualTo("1723202440316");
        assertThat(json.get("MessageAttributes").properties()).extracting(Map.Entry::getKey).containsExactly("traceparent", "count", "blob");
    }

    @Test
    public void valuesAreEscapedAsJson()
            throws IOException
    {
        String message = "{\"s3Bucket\":\"my-bucket\",\"s3ObjectKey\":[\"AWSLogs/1/CloudTrail/us-east-1/2026/01/02/x.json.gz\"]}\n\t\\ \u0001 café ☕ 🪨";
        SnsMessage.Notification notification = notification(Optional.of("Quote \" and </script>"), message, Map.of("k\"", new SnsMessageAttribute("String", "v\n")));
        String body = signed(notification).body();

        // UTF-8 and '/' are written as they are; quotes, backslashes and control characters are escaped
        assertThat(body).contains("café ☕ 🪨").contains("</script>").contains("\\n\\t\\\\ \\u0001").doesNotContain("\t");
        JsonNode json = Json.mapper().readTree(body);
        assertThat(json.get("Message").asText()).isEqualTo(message);
        assertThat(json.get("Subject").asText()).isEqualTo("Quote \" and </script>");
        assertThat(json.get("MessageAttributes").get("k\"").get("Value").asText()).isEqualTo("v\n");
        assertThat(json.get("Type").asText()).isEqualTo("Notification");
        // the string to sign has the values themselves
        assertThat(notification.stringToSign()).startsWith("Message\n" + message + "\nMessageId\n");
    }

    @Test
    public void timestampsHaveMilliseconds()
    {
        SnsMessage.Notification notification = new SnsMessage.Notification("id", TOPIC, TOPIC + ":1", Optional.empty(), "m", Instant.parse("2026-01-02T03:04:05.123456789Z"),
                "https://sns.example/", Map.of());
        assertThat(notification.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123Z"));
        assertThat(SnsMessage.formatTimestamp(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000Z");
        assertThat(notification.stringToSign()).contains("\nTimestamp\n2026-01-02T03:04:05.123Z\n");
    }

    @Test
    public void signatureVersions()
    {
        assertThat(SignatureVersion.DEFAULT).isEqualTo(SignatureVersion.V1);
        assertThat(List.of(SignatureVersion.fromValue("1"), SignatureVersion.fromValue("2"))).containsExactly(SignatureVersion.V1, SignatureVersion.V2);
        assertThat(SignatureVersion.V1.algorithm()).isEqualTo("SHA1withRSA");
        assertThat(SignatureVersion.V2.algorithm()).isEqualTo("SHA256withRSA");
        assertThatThrownBy(() -> SignatureVersion.fromValue("3")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 or 2");
        assertThatThrownBy(() -> new SnsMessage.Confirmation(SnsMessage.Type.NOTIFICATION, "id", TOPIC, TOPIC + ":1", "t", "m", "u", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SnsMessage.Notification notification(Optional<String> subject, String message, Map<String, SnsMessageAttribute> attributes)
    {
        return new SnsMessage.Notification("e5ae7a8f-7b8f-5d4b-9b7a-2a4a0b4b6c1d", TOPIC, TOPIC + ":1", subject, message, Instant.parse("2026-01-02T03:04:05.678Z"),
                "https://sns.example/?Action=Unsubscribe", attributes);
    }

    private static SignedSnsMessage signed(SnsMessage message)
    {
        return new SignedSnsMessage(message, SignatureVersion.V2, "c2lnbmF0dXJl", CERT_URL);
    }
}
