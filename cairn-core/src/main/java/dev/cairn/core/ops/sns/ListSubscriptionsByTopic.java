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
 * A topic's subscriptions, 100 a page; a pending one's {@code SubscriptionArn} is {@code PendingConfirmation}.
 */
public final class ListSubscriptionsByTopic
        implements ReadOperation, SnsOperation
{
    @Override
    public String name()
    {
        return "ListSubscriptionsByTopic";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        SnsRepository repository = new SnsRepository(metadata);
        SnsTopic topic = Sns.requireTopic(repository, call, Sns.text(call, "TopicArn"));
        String after = Sns.afterKey(call);
        if (!after.isEmpty() && !after.startsWith(SnsRepository.subscriptionKey(topic.name(), ""))) {
            throw Sns.invalidParameter("NextToken");
        }
        List<SnsSubscription> page = repository.topicSubscriptions(topic.accountId(), topic.region(), topic.name(), after, Sns.PAGE_SIZE + 1);
        boolean more = page.size() > Sns.PAGE_SIZE;
        return Sns.subscriptionPage(more ? page.subList(0, Sns.PAGE_SIZE) : page, more);
    }
}
