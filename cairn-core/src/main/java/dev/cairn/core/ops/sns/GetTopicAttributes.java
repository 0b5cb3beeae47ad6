package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsSubscription;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;

/**
 * A topic's attributes as SNS shows them: {@code TopicArn}, {@code Owner}, {@code Policy} (AWS's default policy unless
 * one was set), {@code DisplayName}, the counts of confirmed, pending and deleted subscriptions,
 * {@code EffectiveDeliveryPolicy}, and {@code DeliveryPolicy} and {@code SignatureVersion} when they were set (SNS
 * leaves {@code SignatureVersion} out for a topic that signs with version 1 by default).
 */
public final class GetTopicAttributes
        implements ReadOperation, SnsOperation
{
    @Override
    public String name()
    {
        return "GetTopicAttributes";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        SnsRepository repository = new SnsRepository(metadata);
        SnsTopic topic = Sns.requireTopic(repository, call, Sns.text(call, "TopicArn"));
        long confirmed = 0;
        long pending = 0;
        String after = "";
        while (true) {
            List<SnsSubscription> page = repository.topicSubscriptions(topic.accountId(), topic.region(), topic.name(), after, 1_000);
            for (SnsSubscription subscription : page) {
                if (subscription.confirmed()) {
                    confirmed++;
                }
                else {
                    pending++;
                }
            }
            if (page.size() < 1_000) {
                break;
            }
            SnsSubscription last = page.get(page.size() - 1);
            after = SnsRepository.subscriptionKey(last.topicName(), last.id());
        }
        ObjectNode attributes = Sns.NODES.objectNode();
        attributes.put("Policy", topic.policy());
        attributes.put("Owner", topic.accountId());
        attributes.put("SubscriptionsPending", Long.toString(pending));
        attributes.put("TopicArn", topic.arn());
        attributes.put("EffectiveDeliveryPolicy", topic.deliveryPolicy().effectiveJson());
        topic.attribute(SnsTopic.DELIVERY_POLICY).ifPresent(policy -> attributes.put("DeliveryPolicy", policy));
        attributes.put("SubscriptionsConfirmed", Long.toString(confirmed));
        attributes.put("DisplayName", topic.displayName());
        topic.attribute(SnsTopic.SIGNATURE_VERSION).ifPresent(version -> attributes.put("SignatureVersion", version));
        attributes.put("SubscriptionsDeleted", Long.toString(topic.subscriptionsDeleted()));
        ObjectNode output = Sns.NODES.objectNode();
        output.set("Attributes", attributes);
        return output;
    }
}
