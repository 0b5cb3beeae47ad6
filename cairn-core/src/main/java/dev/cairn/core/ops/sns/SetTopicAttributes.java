package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Sets one of the attributes Cairn keeps ({@code DisplayName}, {@code Policy}, {@code DeliveryPolicy},
 * {@code SignatureVersion}); an empty or missing value sets it back to its default. SNS's other attributes are refused
 * by name.
 */
public final class SetTopicAttributes
        implements WriteOperation, SnsOperation
{
    @Override
    public String name()
    {
        return "SetTopicAttributes";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        String attribute = Sns.text(call, "AttributeName");
        Optional<String> value = Sns.checkedAttribute(attribute, Sns.optionalText(call, "AttributeValue").orElse(""));
        SnsRepository topics = new SnsRepository(metadata);
        SnsTopic topic = Sns.requireTopic(topics, call, Sns.text(call, "TopicArn"));
        topics.put(topic.withAttribute(attribute, value));
        return Sns.NODES.objectNode();
    }
}
