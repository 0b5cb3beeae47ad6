package dev.cairn.core.sns;

import dev.cairn.spi.OutboxWriter;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Publishes a message to a topic: one SNS notification per confirmed subscription, put in the batch's outbox for
 * {@link SnsDelivery} to post, signed as the topic says. Publish and trail delivery (a notification per log file)
 * both publish this way.
 */
public final class SnsPublisher
{
    private static final int PAGE = 1_000;

    private SnsPublisher() {}

    /**
     * @param text the message text for a subscription (Publish's {@code MessageStructure=json} varies it by protocol)
     * @return how many notifications were enqueued
     */
    public static int publish(SnsRepository repository, OutboxWriter outbox, SnsTopic topic, String messageId, Optional<String> subject,
            Function<SnsSubscription, String> text, Map<String, SnsMessageAttribute> attributes, Instant at)
            throws IOException
    {
        String deliveryPolicy = topic.deliveryPolicy().effectiveJson();
        int enqueued = 0;
        String after = "";
        while (true) {
            List<SnsSubscription> page = repository.topicSubscriptions(topic.accountId(), topic.region(), topic.name(), after, PAGE);
            for (SnsSubscription subscription : page) {
                if (!subscription.confirmed()) {
                    continue;
                }
                SnsDeliveryMessage delivery = new SnsDeliveryMessage(SnsMessage.Type.NOTIFICATION, messageId, topic.arn(), subscription.arn(), subscription.endpoint(),
                        subject, text.apply(subscription), at, attributes, Optional.empty(), topic.signatureVersion().value(), deliveryPolicy);
                outbox.enqueue(delivery.destination(), delivery.toBytes(), at);
                enqueued++;
            }
            if (page.size() < PAGE) {
                return enqueued;
            }
            after = SnsRepository.subscriptionKey(topic.name(), page.get(page.size() - 1).id());
        }
    }
}
