package dev.cairn.core.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;

import java.io.IOException;
import java.util.Map;

/**
 * Parses an AWS JSON request body as strictly as AWS does: one JSON object and nothing after it, no byte order
 * mark, no duplicate or empty member names. An empty body is an empty input (what the AWS CLI sends for operations
 * without parameters is {@code {}}, but some clients send nothing). Numbers with a fraction or an exponent are read as
 * exact decimals, so that {@code 1e400} is a number out of range rather than an infinity.
 */
public final class JsonInput
{
    private static final ObjectReader READER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonInput() {}

    /**
     * @throws CairnException {@code SerializationException} when the body is not one JSON object
     */
    public static ObjectNode parseObject(byte[] body)
    {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            throw new CairnException(ErrorCode.SERIALIZATION, "The request body must not begin with a byte order mark.");
        }
        JsonNode node;
        try (JsonParser parser = READER.createParser(body)) {
            node = READER.readTree(parser);
        }
        catch (JsonProcessingException e) {
            throw new CairnException(ErrorCode.SERIALIZATION, "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        catch (IOException e) {
            throw new CairnException(ErrorCode.SERIALIZATION, "The request body is not valid JSON.");
        }
        if (node == null || node.isMissingNode()) {
            throw new CairnException(ErrorCode.SERIALIZATION, "The request body holds no JSON value: send {} for an operation without parameters.");
        }
        if (!node.isObject()) {
            throw new CairnException(ErrorCode.SERIALIZATION, "The request body must be a JSON object (start of structure or map expected at the top level).");
        }
        checkMemberNames(node);
        return (ObjectNode) node;
    }

    /** No member name is empty, at any depth (the parser bounds the depth). */
    private static void checkMemberNames(JsonNode node)
    {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                if (member.getKey().isEmpty()) {
                    throw new CairnException(ErrorCode.SERIALIZATION, "The request body has a member with an empty name.");
                }
                checkMemberNames(member.getValue());
            }
        }
        else if (node.isArray()) {
            for (JsonNode element : node) {
                checkMemberNames(element);
            }
        }
    }
}
