package dev.cairn.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a request's input against its model shape and normalizes it: wrong JSON types are
 * {@code SerializationException}; violated constraints (required, length, range, pattern, enum) are reported all at
 * once in the AWS wording ("1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: ...").
 * Timestamps are normalized to epoch seconds. Members the model does not define are ignored, as AWS does.
 */
public final class InputValidator
{
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InputValidator() {}

    /**
     * The normalized input, and the constraint violation to report if there was one.
     */
    public record Validated(ObjectNode input, Optional<CairnException> violation)
    {
    }

    /**
     * Validates and normalizes {@code input} against {@code shape}.
     *
     * @param specificErrors maps a top-level member name to the operation's own error for violations of that
     *         member (e.g. {@code MaxResults} to {@code InvalidMaxResultsException}); empty for the generic error
     * @throws CairnException {@code SerializationException} when a member has the wrong JSON type
     */
    public static Validated validate(Shape shape, JsonNode input, Function<String, Optional<ErrorCode>> specificErrors)
    {
        if (input == null || input.isNull() || input.isMissingNode()) {
            input = NODES.objectNode();
        }
        if (!input.isObject()) {
            throw new CairnException(ErrorCode.SERIALIZATION, "Start of structure or map expected at the top level of the request body");
        }
        List<Violation> violations = new ArrayList<>();
        ObjectNode normalized = (ObjectNode) normalize(shape, input, "", "", violations);
        if (violations.isEmpty()) {
            return new Validated(normalized, Optional.empty());
        }
        StringBuilder message = new StringBuilder();
        message.append(violations.size()).append(violations.size() == 1 ? " validation error detected: " : " validation errors detected: ");
        for (int i = 0; i < violations.size(); i++) {
            if (i > 0) {
                message.append("; ");
            }
            message.append(violations.get(i).message());
        }
        ErrorCode code = specificErrors.apply(violations.get(0).topMember()).orElse(ErrorCode.VALIDATION);
        return new Validated(normalized, Optional.of(new CairnException(code, message.toString())));
    }

    private record Violation(String topMember, String message) {}

    private static JsonNode normalize(Shape shape, JsonNode value, String path, String top, List<Violation> violations)
    {
        switch (shape.type()) {
            case "structure" -> {
                expect(value.isObject(), shape, path);
                ObjectNode result = NODES.objectNode();
                for (Map.Entry<String, Shape.Member> entry : shape.members().entrySet()) {
                    JsonNode memberValue = value.get(entry.getKey());
                    String memberPath = join(path, entry.getKey());
                    String memberTop = path.isEmpty() ? entry.getKey() : top;
                    if (memberValue == null || memberValue.isNull()) {
                        if (shape.required().contains(entry.getKey())) {
                            violations.add(new Violation(memberTop, "Value null at '" + memberPath + "' failed to satisfy constraint: Member must not be null"));
                        }
                        continue;
                    }
                    result.set(entry.getKey(), normalize(shape.memberShape(entry.getValue()), memberValue, memberPath, memberTop, violations));
                }
                return result;
            }
            case "list" -> {
                expect(value.isArray(), shape, path);
                ArrayNode result = NODES.arrayNode();
                Shape memberShape = shape.memberShape(shape.listMember());
                int index = 1;
                for (JsonNode element : value) {
                    if (element.isNull()) {
                        continue;
                    }
                    result.add(normalize(memberShape, element, path + "." + index + ".member", top, violations));
                    index++;
                }
                checkLength(shape, result.size(), value, path, top, violations);
                return result;
            }
            case "map" -> {
                expect(value.isObject(), shape, path);
                ObjectNode result = NODES.objectNode();
                Shape keyShape = shape.memberShape(shape.mapKey());
                Shape valueShape = shape.memberShape(shape.mapValue());
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    checkString(keyShape, field.getKey(), path, top, violations);
                    result.set(field.getKey(), normalize(valueShape, field.getValue(), path + "." + field.getKey(), top, violations));
                }
                checkLength(shape, result.size(), value, path, top, violations);
                return result;
            }
            case "string" -> {
                expect(value.isTextual(), shape, path);
                checkString(shape, value.textValue(), path, top, violations);
                return value;
            }
            case "integer", "long" -> {
                long number = integral(value, shape, path);
                if (shape.min().isPresent() && number < shape.min().getAsLong()) {
                    violations.add(new Violation(top, describe(shape, value.asText(), path) + "Member must have value greater than or equal to " + shape.min().getAsLong()));
                }
                if (shape.max().isPresent() && number > shape.max().getAsLong()) {
                    violations.add(new Violation(top, describe(shape, value.asText(), path) + "Member must have value less than or equal to " + shape.max().getAsLong()));
                }
                return NODES.numberNode(number);
            }
            case "double", "float" -> {
                expect(value.isNumber(), shape, path);
                double number = value.doubleValue();
                if (!Double.isFinite(number) || (shape.type().equals("float") && !Float.isFinite((float) number))) {
                    throw new CairnException(ErrorCode.SERIALIZATION, "Value " + value.asText() + " at '" + path + "' is out of range for a " + shape.type());
                }
                return NODES.numberNode(number);
            }
            case "boolean" -> {
                expect(value.isBoolean(), shape, path);
                return value;
            }
            case "timestamp" -> {
                return NODES.numberNode(epochSeconds(value, shape, path));
            }
            case "blob" -> {
                expect(value.isTextual(), shape, path);
                try {
                    Base64.getDecoder().decode(value.textValue());
                }
                catch (IllegalArgumentException e) {
                    throw new CairnException(ErrorCode.SERIALIZATION, "Base64 encoded binary value expected at '" + path + "'");
                }
                return value;
            }
            default -> throw new IllegalStateException("unsupported shape type " + shape.type() + " of " + shape.name());
        }
    }

    /**
     * A JSON number that is a whole number within the range of the shape's type ({@code integer}: 32 bits,
     * {@code long}: 64 bits), written as an integer or as a decimal without a fraction ({@code 5.0}, {@code 5e0}).
     */
    private static long integral(JsonNode value, Shape shape, String path)
    {
        expect(value.isNumber(), shape, path);
        boolean isInteger = shape.type().equals("integer");
        BigDecimal decimal = value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()) && !value.isBigDecimal() ? null : value.decimalValue();
        // digits before the decimal point; checked before anything expands a number like 1e999999999
        if (decimal == null || decimal.precision() - decimal.scale() > 19) {
            throw outOfRange(value, shape, path);
        }
        expect(decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0, shape, path);
        BigDecimal whole = decimal.setScale(0, java.math.RoundingMode.UNNECESSARY);
        BigDecimal min = BigDecimal.valueOf(isInteger ? Integer.MIN_VALUE : Long.MIN_VALUE);
        BigDecimal max = BigDecimal.valueOf(isInteger ? Integer.MAX_VALUE : Long.MAX_VALUE);
        if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
            throw outOfRange(value, shape, path);
        }
        return whole.longValueExact();
    }

    private static CairnException outOfRange(JsonNode value, Shape shape, String path)
    {
        return new CairnException(ErrorCode.SERIALIZATION, "Value " + value.asText() + " at '" + path + "' is out of range for an " + shape.type());
    }

    /** Timestamps Cairn accepts: years 0001 to 9999, as ISO 8601 writes them. */
    private static final BigDecimal EARLIEST_TIMESTAMP = BigDecimal.valueOf(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond());
    private static final BigDecimal LATEST_TIMESTAMP = BigDecimal.valueOf(Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());

    private static BigDecimal epochSeconds(JsonNode value, Shape shape, String path)
    {
        BigDecimal seconds = parseEpochSeconds(value, shape, path);
        if (seconds.compareTo(EARLIEST_TIMESTAMP) < 0 || seconds.compareTo(LATEST_TIMESTAMP) > 0) {
            throw new CairnException(ErrorCode.SERIALIZATION, "Timestamp " + value.asText() + " at '" + path + "' is out of range: years 0001 to 9999 are accepted.");
        }
        return seconds;
    }

    private static BigDecimal parseEpochSeconds(JsonNode value, Shape shape, String path)
    {
        if (value.isNumber()) {
            if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
                throw new CairnException(ErrorCode.SERIALIZATION, "Timestamp " + value.asText() + " at '" + path + "' is out of range.");
            }
            return value.decimalValue();
        }
        if (value.isTextual()) {
            String text = value.textValue();
            try {
                return new BigDecimal(text);
            }
            catch (NumberFormatException ignored) {
                // not epoch seconds: try ISO 8601
            }
            try {
                Instant instant = OffsetDateTime.parse(text).toInstant();
                return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9)).stripTrailingZeros();
            }
            catch (DateTimeParseException ignored) {
                // fall through
            }
        }
        throw new CairnException(ErrorCode.SERIALIZATION, "Expected a timestamp (epoch seconds) for '" + path + "' (" + shape.name() + ")");
    }

    /** Reads a normalized timestamp member. */
    public static Instant instant(JsonNode epochSeconds)
    {
        BigDecimal seconds = epochSeconds instanceof DecimalNode ? epochSeconds.decimalValue() : new BigDecimal(epochSeconds.asText());
        long whole = seconds.longValue();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static void checkString(Shape shape, String text, String path, String top, List<Violation> violations)
    {
        int length = text.codePointCount(0, text.length());
        if (shape.min().isPresent() && length < shape.min().getAsLong()) {
            violations.add(new Violation(top, describe(shape, text, path) + "Member must have length greater than or equal to " + shape.min().getAsLong()));
        }
        if (shape.max().isPresent() && length > shape.max().getAsLong()) {
            violations.add(new Violation(top, describe(shape, text, path) + "Member must have length less than or equal to " + shape.max().getAsLong()));
        }
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
            violations.add(new Violation(top, describe(shape, text, path) + "Member must satisfy enum value set: " + shape.enumValues()));
        }
        if (shape.pattern().isPresent() && !shape.pattern().get().matcher(text).matches()) {
            violations.add(new Violation(top, describe(shape, text, path) + "Member must satisfy regular expression pattern: " + shape.patternText().orElseThrow()));
        }
    }

    private static void checkLength(Shape shape, int size, JsonNode value, String path, String top, List<Violation> violations)
    {
        if (shape.min().isPresent() && size < shape.min().getAsLong()) {
            violations.add(new Violation(top, describe(shape, value.toString(), path) + "Member must have length greater than or equal to " + shape.min().getAsLong()));
        }
        if (shape.max().isPresent() && size > shape.max().getAsLong()) {
            violations.add(new Violation(top, describe(shape, value.toString(), path) + "Member must have length less than or equal to " + shape.max().getAsLong()));
        }
    }

    private static String describe(Shape shape, String value, String path)
    {
        // sensitive values (passwords, secrets) are never echoed
        String shown = shape.sensitive() ? "" : "'" + (value.length() > 256 ? value.substring(0, 256) + "..." : value) + "' ";
        return "Value " + shown + "at '" + path + "' failed to satisfy constraint: ";
    }

    private static void expect(boolean condition, Shape shape, String path)
    {
        if (!condition) {
            String where = path.isEmpty() ? "the request body" : "'" + path + "'";
            throw new CairnException(ErrorCode.SERIALIZATION, "Expected " + describeType(shape.type()) + " at " + where);
        }
    }

    private static String describeType(String type)
    {
        return switch (type) {
            case "structure", "map" -> "a JSON object";
            case "list" -> "a JSON array";
            case "string", "blob" -> "a string";
            case "integer", "long" -> "an integer";
            case "double", "float" -> "a number";
            case "boolean" -> "true or false";
            default -> type;
        };
    }

    /** Member paths use AWS's style: camelCase names, list elements as {@code name.1.member}. */
    private static String join(String path, String member)
    {
        String camel = camelCase(member);
        return path.isEmpty() ? camel : path + "." + camel;
    }

    /** The first letter lowercased, as AWS writes member names in messages and records. */
    public static String camelCase(String member)
    {
        if (member.isEmpty() || Character.isLowerCase(member.charAt(0))) {
            return member;
        }
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
