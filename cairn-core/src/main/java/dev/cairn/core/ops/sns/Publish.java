package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.recorder.RecordResource;
import dev.cairn.core.sns.SnsMessageAttribute;
import dev.cairn.core.sns.SnsPublisher;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.model.EventCategory;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.OutboxWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Publishes a message to a topic: one outbox entry per confirmed subscription, in the call's batch, so that the
 * deliveries are durable exactly when the call's event is (and none exist if it fails). {@code MessageStructure=json}
 * sends each protocol its own text ({@code http}, {@code https}, else {@code default}). Message attributes of SNS's
 * types ({@code String}, {@code String.Array}, {@code Number}, {@code Binary}) go with the notification. The record
 * hides the message, subject and attributes, as AWS's does. Phone numbers and platform endpoints are refused.
 */
public final class Publish
        implements WriteOperation, SnsOperation
{
    /** SNS's limit of a message with its attributes. */
    static final int MAXIMUM_MESSAGE_BYTES = 262_144;
    private static final int MAXIMUM_SUBJECT_LENGTH = 99;
    private static final int MAXIMUM_ATTRIBUTES = 10;

    @Override
    public String name()
    {
        return "Publish";
    }

    /** Publish writes only messages to deliver; its batch drops no cache of identities or trails. */
    @Override
    public boolean changesMetadata()
    {
        return false;
    }

    /** AWS records Publish as a data event on its topic ({@code AWS::SNS::Topic}). */
    @Override
    public EventCategory category()
    {
        return EventCategory.DATA;
    }

    @Override
    public List<RecordResource> recordResources(CallContext call)
    {
        return Sns.optionalText(call, "TopicArn").map(topic -> List.of(new RecordResource(call.accountId(), Sns.TOPIC_TYPE, topic))).orElse(List.of());
    }

    @Override
    public Set<String> hiddenRequestParameters()
    {
        return Set.of("Message", "Subject", "MessageAttributes");
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
    {
        throw new IllegalStateException("Publish needs the batch's outbox");
    }

    @Override
    public ObjectNode execute(CallContext call, BatchWriters batch)
            throws IOException
    {
        MetadataWriter metadata = batch.metadata();
        OutboxWriter outbox = batch.outbox();
        if (call.input().hasNonNull("PhoneNumber") || call.input().hasNonNull("TargetArn")) {
            throw Sns.invalidParameter("TargetArn Reason: Cairn publishes to topics only");
        }
        String topicArn = Sns.optionalText(call, "TopicArn").orElseThrow(() -> Sns.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter"));
        if (call.input().hasNonNull("MessageDeduplicationId")) {
            throw Sns.invalidParameter("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
        }
        String message = Sns.text(call, "Message");
        if (message.isEmpty()) {
            throw Sns.invalidParameter("Empty message");
        }
        Optional<String> subject = Sns.optionalText(call, "Subject");
        if (subject.isPresent() && (subject.get().isEmpty() || subject.get().length() > MAXIMUM_SUBJECT_LENGTH
                || subject.get().chars().anyMatch(Character::isISOControl))) {
            throw Sns.invalidParameter("Subject");
        }
        Map<String, SnsMessageAttribute> attributes = attributes(call);
        long size = message.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, SnsMessageAttribute> attribute : attributes.entrySet()) {
            size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + attribute.getValue().type().length()
                    + attribute.getValue().value().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAXIMUM_MESSAGE_BYTES) {
            throw Sns.invalidParameter("Message too long");
        }
        Optional<JsonNode> structured = structured(call, message);

        SnsRepository repository = new SnsRepository(metadata);
        SnsTopic topic = Sns.requireTopic(repository, call, topicArn);
        String messageId = UUID.randomUUID().toString();
        SnsPublisher.publish(repository, outbox, topic, messageId, subject,
                subscription -> structured.map(json -> json.path(subscription.protocol()).isTextual() ? json.get(subscription.protocol()).asText() : json.get("default").asText())
                        .orElse(message),
                attributes, call.receivedAt());
        ObjectNode output = Sns.NODES.objectNode();
        output.put("MessageId", messageId);
        return output;
    }

    /** {@code MessageStructure=json}: a JSON object with a {@code default} string. */
    private static Optional<JsonNode> structured(CallContext call, String message)
    {
        Optional<String> structure = Sns.optionalText(call, "MessageStructure");
        if (structure.isEmpty()) {
            return Optional.empty();
        }
        if (!structure.get().equals("json")) {
            throw Sns.invalidParameter("MessageStructure");
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(message);
        }
        catch (IOException e) {
            throw Sns.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        if (json == null || !json.isObject()) {
            throw Sns.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        if (!json.path("default").isTextual()) {
            throw Sns.invalidParameter("Message Structure - No default entry in JSON message body");
        }
        return Optional.of(json);
    }

    /** The message attributes, each of SNS's types with the value its type needs; Binary values as Base64. */
    private static Map<String, SnsMessageAttribute> attributes(CallContext call)
    {
        Map<String, SnsMessageAttribute> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> attribute : call.input().path("MessageAttributes").properties()) {
            String name = attribute.getKey();
            JsonNode value = attribute.getValue();
            String type = value.path("DataType").asText();
            String base = type.contains(".") && !type.startsWith("String.Array") ? type.substring(0, type.indexOf('.')) : type;
            if (name.isEmpty() || name.length() > 256) {
                throw Sns.invalidParameter("MessageAttributes Reason: an attribute name is empty or longer than 256 characters");
            }
            String text = switch (base) {
                case "String", "Number", "String.Array" -> {
                    if (!value.hasNonNull("StringValue") || value.get("StringValue").asText().isEmpty()) {
                        throw Sns.invalidParameter("The message attribute '" + name + "' must contain non-empty message attribute value for message attribute type '"
                                + type + "'.");
                    }
                    yield value.get("StringValue").asText();
                }
                case "Binary" -> {
                    if (!value.hasNonNull("BinaryValue") || value.get("BinaryValue").asText().isEmpty()) {
                        throw Sns.invalidParameter("The message attribute '" + name + "' must contain non-empty message attribute value for message attribute type '"
                                + type + "'.");
                    }
                    yield value.get("BinaryValue").asText();
                }
                default -> throw Sns.invalidParameter("The message attribute '" + name + "' has an invalid message attribute type, the set of supported type "
                        + "prefixes is Binary, Number, and String.");
            };
            attributes.put(name, new SnsMessageAttribute(type, text));
        }
        if (attributes.size() > MAXIMUM_ATTRIBUTES) {
            throw Sns.invalidParameter("MessageAttributes Reason: at most " + MAXIMUM_ATTRIBUTES + " message attributes");
        }
        return attributes;
    }
}
