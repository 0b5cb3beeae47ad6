package dev.cairn.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The AWS Query protocol: form parameters ({@code UserName=alice}, {@code Tags.member.1.Key=k}) into the
 * operation's input, and output shapes into the XML a Query client parses.
 */
public final class QueryCodec
{
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private QueryCodec() {}

    /**
     * Builds the input structure from form parameters, converting scalars by shape type. Constraint checks are left
     * to {@link InputValidator}.
     */
    public static ObjectNode decode(Shape input, Map<String, String> parameters)
    {
        ObjectNode result = decodeStructure(input, "", parameters);
        return result == null ? NODES.objectNode() : result;
    }

    private static ObjectNode decodeStructure(Shape shape, String prefix, Map<String, String> parameters)
    {
        ObjectNode result = NODES.objectNode();
        for (Map.Entry<String, Shape.Member> entry : shape.members().entrySet()) {
            Shape.Member member = entry.getValue();
            JsonNode value = decodeValue(shape.memberShape(member), prefix + member.wireName(), parameters);
            if (value != null) {
                result.set(entry.getKey(), value);
            }
        }
        return result.isEmpty() && !hasPrefix(parameters, prefix) ? null : result;
    }

    private static boolean hasPrefix(Map<String, String> parameters, String prefix)
    {
        if (prefix.isEmpty()) {
            return true;
        }
        for (String name : parameters.keySet()) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode decodeValue(Shape shape, String name, Map<String, String> parameters)
    {
        switch (shape.type()) {
            case "structure" -> {
                return decodeStructure(shape, name + ".", parameters);
            }
            case "list" -> {
                String elementName = shape.listMember().locationName().orElse("member");
                String elementPrefix = shape.flattened() ? name + "." : name + "." + elementName + ".";
                if (!hasPrefix(parameters, elementPrefix)) {
                    // an empty list is sent as the bare name with an empty value
                    return "".equals(parameters.get(name)) ? NODES.arrayNode() : null;
                }
                ArrayNode list = NODES.arrayNode();
                Shape memberShape = shape.memberShape(shape.listMember());
                for (int index = 1; ; index++) {
                    JsonNode element = decodeValue(memberShape, elementPrefix + index, parameters);
                    if (element == null) {
                        break;
                    }
                    list.add(element);
                }
                return list;
            }
            case "map" -> {
                String entryPrefix = shape.flattened() ? name + "." : name + ".entry.";
                if (!hasPrefix(parameters, entryPrefix)) {
                    return null;
                }
                ObjectNode map = NODES.objectNode();
                String keyName = shape.mapKey().locationName().orElse("key");
                String valueName = shape.mapValue().locationName().orElse("value");
                for (int index = 1; ; index++) {
                    String key = parameters.get(entryPrefix + index + "." + keyName);
                    if (key == null) {
                        break;
                    }
                    JsonNode value = decodeValue(shape.memberShape(shape.mapValue()), entryPrefix + index + "." + valueName, parameters);
                    map.set(key, value == null ? NODES.nullNode() : value);
                }
                return map;
            }
            default -> {
                String text = parameters.get(name);
                return text == null ? null : scalar(shape, name, text);
            }
        }
    }

    private static JsonNode scalar(Shape shape, String name, String text)
    {
        try {
            return switch (shape.type()) {
                case "string", "blob" -> NODES.textNode(text);
                case "integer", "long" -> NODES.numberNode(Long.parseLong(text.trim()));
                case "double", "float" -> NODES.numberNode(Double.parseDouble(text.trim()));
                case "boolean" -> {
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException();
                    }
                    yield NODES.booleanNode(Boolean.parseBoolean(text));
                }
                // ISO 8601 or epoch seconds; the validator normalizes both
                case "timestamp" -> NODES.textNode(text);
                default -> throw new IllegalStateException("unsupported shape type " + shape.type());
            };
        }
        catch (IllegalArgumentException e) {
            throw new CairnException(ErrorCode.VALIDATION,
                    "1 validation error detected: Value '" + text + "' at '" + InputValidator.camelCase(name) + "' failed to satisfy constraint: Member must be a valid " + shape.type());
        }
    }

    /** The XML body of a successful Query response. */
    public static String encodeResponse(ServiceModel model, ServiceModel.OperationModel operation, JsonNode output, String requestId)
    {
        StringBuilder xml = new StringBuilder(512);
        String root = operation.name() + "Response";
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root);
        model.xmlNamespace().ifPresent(namespace -> xml.append(" xmlns=\"").append(namespace).append('"'));
        xml.append('>');
        if (operation.output().isPresent()) {
            String wrapper = operation.resultWrapper().orElse(operation.name() + "Result");
            xml.append('<').append(wrapper).append('>');
            writeStructure(xml, model.shape(operation.output().get()), output);
            xml.append("</").append(wrapper).append('>');
        }
        xml.append("<ResponseMetadata><RequestId>").append(escape(requestId)).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(root).append('>');
        return xml.toString();
    }

    /** The XML body of a Query error response. */
    public static String encodeError(ServiceModel model, String code, String message, boolean senderFault, String requestId)
    {
        StringBuilder xml = new StringBuilder(256);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse");
        model.xmlNamespace().ifPresent(namespace -> xml.append(" xmlns=\"").append(namespace).append('"'));
        xml.append("><Error><Type>").append(senderFault ? "Sender" : "Receiver").append("</Type><Code>").append(escape(code))
                .append("</Code><Message>").append(escape(message)).append("</Message></Error><RequestId>").append(escape(requestId))
                .append("</RequestId></ErrorResponse>");
        return xml.toString();
    }

    private static void writeStructure(StringBuilder xml, Shape shape, JsonNode value)
    {
        if (value == null || !value.isObject()) {
            return;
        }
        for (Map.Entry<String, Shape.Member> entry : shape.members().entrySet()) {
            JsonNode memberValue = value.get(entry.getKey());
            if (memberValue == null || memberValue.isNull()) {
                continue;
            }
            Shape.Member member = entry.getValue();
            writeValue(xml, member.wireName(), shape.memberShape(member), memberValue, member.flattened());
        }
    }

    private static void writeValue(StringBuilder xml, String name, Shape shape, JsonNode value, boolean flattenedMember)
    {
        switch (shape.type()) {
            case "structure" -> {
                xml.append('<').append(name).append('>');
                writeStructure(xml, shape, value);
                xml.append("</").append(name).append('>');
            }
            case "list" -> {
                Shape memberShape = shape.memberShape(shape.listMember());
                if (shape.flattened() || flattenedMember) {
                    for (JsonNode element : value) {
                        writeValue(xml, name, memberShape, element, false);
                    }
                }
                else {
                    String elementName = shape.listMember().locationName().orElse("member");
                    xml.append('<').append(name).append('>');
                    for (JsonNode element : value) {
                        writeValue(xml, elementName, memberShape, element, false);
                    }
                    xml.append("</").append(name).append('>');
                }
            }
            case "map" -> {
                xml.append('<').append(name).append('>');
                String keyName = shape.mapKey().locationName().orElse("key");
                String valueName = shape.mapValue().locationName().orElse("value");
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    xml.append("<entry><").append(keyName).append('>').append(escape(field.getKey())).append("</").append(keyName).append('>');
                    writeValue(xml, valueName, shape.memberShape(shape.mapValue()), field.getValue(), false);
                    xml.append("</entry>");
                }
                xml.append("</").append(name).append('>');
            }
            case "timestamp" -> element(xml, name, isoTimestamp(value));
            default -> element(xml, name, value.asText());
        }
    }

    /** ISO 8601 in UTC, whole seconds: {@code 2026-11-24T12:00:00Z}. */
    public static String isoTimestamp(JsonNode epochSeconds)
    {
        if (epochSeconds.isTextual()) {
            return epochSeconds.textValue();
        }
        return DateTimeFormatter.ISO_INSTANT.format(InputValidator.instant(epochSeconds).truncatedTo(ChronoUnit.SECONDS));
    }

    public static String isoTimestamp(Instant instant)
    {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void element(StringBuilder xml, String name, String text)
    {
        xml.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
    }

    /** Text for XML 1.0 content or attribute values: markup characters escaped, other control characters replaced. */
    public static String escape(String text)
    {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                case '\r' -> "&#13;";
                default -> c < 0x20 && c != '\n' && c != '\t' ? "\uFFFD" : null; // not representable in XML 1.0
            };
            if (replacement != null) {
                if (escaped == null) {
                    escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                escaped.append(replacement);
            }
            else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? text : escaped.toString();
    }
}
