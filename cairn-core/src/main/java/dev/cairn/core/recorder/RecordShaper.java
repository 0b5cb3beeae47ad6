package dev.cairn.core.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.InputValidator;
import dev.cairn.core.api.Shape;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Turns request and response members into the record's {@code requestParameters} and {@code responseElements} as
 * AWS writes them: member names with a lowercase first letter, dates as {@code Nov 24, 2026, 12:00:00 PM}, and
 * every member whose shape the model marks sensitive (secret keys, passwords) left out.
 */
final class RecordShaper
{
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

    private RecordShaper() {}

    static JsonNode shape(Shape shape, JsonNode value)
    {
        switch (shape.type()) {
            case "structure" -> {
                ObjectNode result = NODES.objectNode();
                for (Map.Entry<String, Shape.Member> entry : shape.members().entrySet()) {
                    JsonNode member = value.get(entry.getKey());
                    if (member == null || member.isNull()) {
                        continue;
                    }
                    Shape memberShape = shape.memberShape(entry.getValue());
                    if (memberShape.sensitive()) {
                        continue;
                    }
                    result.set(InputValidator.camelCase(entry.getKey()), shape(memberShape, member));
                }
                return result;
            }
            case "list" -> {
                ArrayNode result = NODES.arrayNode();
                Shape memberShape = shape.memberShape(shape.listMember());
                if (memberShape.sensitive()) {
                    return result;
                }
                for (JsonNode element : value) {
                    result.add(shape(memberShape, element));
                }
                return result;
            }
            case "map" -> {
                ObjectNode result = NODES.objectNode();
                Shape valueShape = shape.memberShape(shape.mapValue());
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    result.set(field.getKey(), valueShape.sensitive() ? NODES.nullNode() : shape(valueShape, field.getValue()));
                }
                return result;
            }
            case "timestamp" -> {
                return value.isNumber() ? NODES.textNode(DATE.format(InputValidator.instant(value))) : value;
            }
            default -> {
                return value;
            }
        }
    }
}
