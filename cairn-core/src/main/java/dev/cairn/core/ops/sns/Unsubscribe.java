package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.sns.SnsArns;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Deletes a subscription (confirmed or pending) by its ARN and counts it in its topic's {@code SubscriptionsDeleted}.
 * Authorized on the subscription's topic.
 */
public final class Unsubscribe
        implements WriteOperation, SnsOperation
{
    @Override
    public String name()
    {
        return "Unsubscribe";
    }

    @Override
    public Optional<String> topicArn(CallContext call)
    {
        return Sns.optionalText(call, "SubscriptionArn").flatMap(SnsArns::parseSubscription).map(subscription -> subscription.topic().arn());
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        String arn = Sns.text(call, "SubscriptionArn");
        SnsArns.SubscriptionName name = SnsArns.parseSubscription(arn).orElseThrow(() -> Sns.invalidParameter("SubscriptionArn"));
        SnsArns.TopicName topicName = Sns.topicName(call, name.topic().arn());
        SnsRepository repository = new SnsRepository(metadata);
        if (!repository.deleteSubscription(topicName.accountId(), topicName.region(), topicName.name(), name.id())) {
            throw new CairnException(ErrorCode.SNS_NOT_FOUND, "Subscription does not exist");
        }
        Optional<SnsTopic> topic = repository.topic(topicName.accountId(), topicName.region(), topicName.name());
        if (topic.isPresent()) {
            repository.put(topic.get().withSubscriptionsDeleted(1));
        }
        return Sns.NODES.objectNode();
    }
}
