package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.sns.SnsArns;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes a topic and its subscriptions. Deleting a topic that does not exist succeeds, as in SNS.
 */
public final class DeleteTopic
        implements WriteOperation, SnsOperation
{
    @Override
    public String name()
    {
        return "DeleteTopic";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        SnsArns.TopicName topic = Sns.topicName(call, Sns.text(call, "TopicArn"));
        new SnsRepository(metadata).deleteTopic(topic.accountId(), topic.region(), topic.name());
        return Sns.NODES.objectNode();
    }
}
