package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.sns.SnsArns;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Creates a standard topic with its attributes ({@code DisplayName}, {@code Policy}, {@code DeliveryPolicy},
 * {@code SignatureVersion}) and tags. Idempotent as in SNS: creating a topic that exists answers its ARN when the
 * attributes and tags given are the ones it has, and is refused when they differ. FIFO topics are refused.
 */
public final class CreateTopic
        implements WriteOperation, SnsOperation
{
    @Override
    public String name()
    {
        return "CreateTopic";
    }

    @Override
    public Optional<String> topicArn(CallContext call)
    {
        return Optional.of(SnsArns.topicArn(call.accountId(), call.region(), Sns.text(call, "Name")));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        String name = Sns.text(call, "Name");
        if (!SnsArns.validTopicName(name)) {
            throw Sns.invalidParameter(name.endsWith(".fifo") ? "Topic Name Reason: Cairn does not support FIFO topics" : "Topic Name");
        }
        Map<String, String> attributes = new TreeMap<>();
        for (Map.Entry<String, JsonNode> attribute : call.input().path("Attributes").properties()) {
            Sns.checkedAttribute(attribute.getKey(), attribute.getValue().asText()).ifPresent(value -> attributes.put(attribute.getKey(), value));
        }
        if (call.input().hasNonNull("DataProtectionPolicy")) {
            throw Sns.invalidParameter("DataProtectionPolicy Reason: Cairn does not support data protection policies");
        }
        Map<String, String> tags = Sns.tags(call);
        SnsRepository topics = new SnsRepository(metadata);
        SnsTopic topic = new SnsTopic(call.accountId(), call.region(), name, call.receivedAt().toEpochMilli(), attributes, tags, 0);
        if (!topics.insert(topic)) {
            SnsTopic existing = topics.topic(call.accountId(), call.region(), name).orElseThrow();
            for (Map.Entry<String, JsonNode> attribute : call.input().path("Attributes").properties()) {
                String given = attribute.getValue().asText();
                String current = existing.attribute(attribute.getKey()).orElse("");
                if (!given.equals(current)) {
                    throw Sns.invalidParameter("Attributes Reason: Topic already exists with different attributes");
                }
            }
            if (call.input().has("Tags") && !tags.equals(existing.tags())) {
                throw Sns.invalidParameter("Tags Reason: Topic already exists with different tags");
            }
            topic = existing;
        }
        ObjectNode output = Sns.NODES.objectNode();
        output.put("TopicArn", topic.arn());
        return output;
    }
}
