package dev.cairn.core.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.trail.EventSelectors;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Advanced event selectors of event data stores, validated by CloudTrail Lake's rules, which differ from trails':
 * <ul>
 * <li>one to {@value #MAXIMUM_SELECTORS} selectors, at most {@value EventSelectors#MAXIMUM_ADVANCED_VALUES} values in
 * all;</li>
 * <li>every selector has {@code eventCategory} with {@code Equals} and one value: {@code Management}, {@code Data},
 * {@code NetworkActivity} (CloudTrail events), {@code Insight}, {@code ConfigurationItem}, {@code Evidence} or
 * {@code ActivityAuditLog} (events from outside AWS); all selectors of a store are of one {@link LakeSchema};</li>
 * <li>management events take {@code eventSource}, {@code readOnly}, {@code eventName}, {@code eventType},
 * {@code sessionCredentialFromConsole} and {@code userIdentity.arn}; data events take those and
 * {@code resources.type} (required) and {@code resources.ARN}; network activity events take {@code eventSource}
 * (required), {@code eventName}, {@code errorCode} ({@code VpceAccessDenied} only) and {@code vpcEndpointId}; the
 * other categories take {@code eventCategory} alone;</li>
 * <li>{@code readOnly} ({@code true}/{@code false}), {@code eventCategory} and {@code resources.type} take
 * {@code Equals} with one value; other fields any operator.</li>
 * </ul>
 * Matching CloudTrail events uses the semantics trails use ({@link EventSelectors#advancedSelectorsTake}).
 */
public final class LakeSelectors
{
    public static final int MAXIMUM_SELECTORS = 5;
    /** The name CloudTrail gives the selector of a store created without selectors. */
    public static final String DEFAULT_SELECTOR_NAME = "Default management events";

    private static final List<String> OPERATORS = List.of("Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith");
    private static final Set<String> COMMON_FIELDS = Set.of("eventCategory", "eventSource", "readOnly", "eventName", "eventType", "sessionCredentialFromConsole",
            "userIdentity.arn");
    private static final Map<String, Set<String>> FIELDS_BY_CATEGORY = Map.of(
            "Management", COMMON_FIELDS,
            "Data", union(COMMON_FIELDS, Set.of("resources.type", "resources.ARN")),
            "NetworkActivity", Set.of("eventCategory", "eventSource", "eventName", "errorCode", "vpcEndpointId"));
    private static final Pattern RESOURCE_TYPE = Pattern.compile("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+");
    private static final String S3_OBJECT = "AWS::S3::Object";

    private LakeSelectors() {}

    /** All management events: what a store created without selectors collects, as in CloudTrail. */
    public static ArrayNode defaultSelectors()
    {
        ArrayNode selectors = JsonNodeFactory.instance.arrayNode();
        ObjectNode selector = selectors.addObject();
        selector.put("Name", DEFAULT_SELECTOR_NAME);
        ObjectNode field = selector.putArray("FieldSelectors").addObject();
        field.put("Field", "eventCategory");
        field.putArray("Equals").add("Management");
        return selectors;
    }

    /** Validates selectors as given (the model already checked shapes and required members) and returns a copy. */
    public static ArrayNode validate(JsonNode selectors)
    {
        if (!selectors.isArray() || selectors.isEmpty()) {
            throw invalid("Specify at least one advanced event selector.");
        }
        if (selectors.size() > MAXIMUM_SELECTORS) {
            throw invalid("An event data store can have at most " + MAXIMUM_SELECTORS + " advanced event selectors; " + selectors.size() + " were given.");
        }
        Optional<LakeSchema> storeSchema = Optional.empty();
        int values = 0;
        for (JsonNode selector : selectors) {
            Set<String> fields = new HashSet<>();
            Optional<String> category = Optional.empty();
            for (JsonNode fieldSelector : selector.path("FieldSelectors")) {
                String field = fieldSelector.path("Field").asText();
                if (!fields.add(field)) {
                    throw invalid("Field " + field + " appears more than once in one advanced event selector.");
                }
                int operators = 0;
                for (String operator : OPERATORS) {
                    if (fieldSelector.has(operator)) {
                        operators++;
                        values += fieldSelector.get(operator).size();
                    }
                }
                if (operators == 0) {
                    throw invalid("Field selector " + field + " needs at least one operator: " + OPERATORS + ".");
                }
                if (field.equals("eventCategory")) {
                    String value = singleEquals(fieldSelector, operators).orElseThrow(() -> invalid("eventCategory takes the Equals operator with one value."));
                    if (LakeSchema.ofCategory(value).isEmpty()) {
                        throw invalid("Value " + value + " for eventCategory is invalid; event data stores take " + allCategories() + ".");
                    }
                    category = Optional.of(value);
                }
            }
            if (category.isEmpty()) {
                throw invalid("Each advanced event selector needs an eventCategory field selector.");
            }
            LakeSchema schema = LakeSchema.ofCategory(category.get()).orElseThrow();
            if (storeSchema.isPresent() && storeSchema.get() != schema) {
                throw invalid("An event data store holds one type of event: eventCategory " + category.get() + " cannot be selected with "
                        + storeSchema.get().categories() + ".");
            }
            storeSchema = Optional.of(schema);
            validateFields(category.get(), selector);
        }
        if (values > EventSelectors.MAXIMUM_ADVANCED_VALUES) {
            throw invalid("An event data store can have at most " + EventSelectors.MAXIMUM_ADVANCED_VALUES + " values across its advanced event selectors; "
                    + values + " were given.");
        }
        return (ArrayNode) selectors.deepCopy();
    }

    /** The type of store that (valid) selectors make. */
    public static LakeSchema schema(JsonNode selectors)
    {
        for (JsonNode selector : selectors) {
            for (JsonNode fieldSelector : selector.path("FieldSelectors")) {
                if (fieldSelector.path("Field").asText().equals("eventCategory")) {
                    Optional<LakeSchema> schema = LakeSchema.ofCategory(fieldSelector.path("Equals").path(0).asText());
                    if (schema.isPresent()) {
                        return schema.get();
                    }
                }
            }
        }
        return LakeSchema.CLOUDTRAIL_EVENTS;
    }

    private static void validateFields(String category, JsonNode selector)
    {
        Set<String> allowed = FIELDS_BY_CATEGORY.getOrDefault(category, Set.of("eventCategory"));
        Optional<String> resourceType = Optional.empty();
        Optional<JsonNode> arns = Optional.empty();
        Set<String> present = new HashSet<>();
        for (JsonNode fieldSelector : selector.path("FieldSelectors")) {
            String field = fieldSelector.path("Field").asText();
            present.add(field);
            if (!allowed.contains(field)) {
                throw invalid("Field " + field + " is not valid in advanced event selectors of event data stores for eventCategory " + category
                        + "; valid fields are " + new TreeSet<>(allowed) + ".");
            }
            int operators = (int) OPERATORS.stream().filter(fieldSelector::has).count();
            switch (field) {
                case "readOnly" -> {
                    Optional<String> value = singleEquals(fieldSelector, operators);
                    if (value.isEmpty() || !Set.of("true", "false").contains(value.get())) {
                        throw invalid("readOnly takes the Equals operator with true or false.");
                    }
                }
                case "resources.type" -> {
                    String type = singleEquals(fieldSelector, operators).orElseThrow(() -> invalid("resources.type takes the Equals operator with one resource type."));
                    if (!RESOURCE_TYPE.matcher(type).matches()) {
                        throw invalid("Value " + type + " for resources.type is invalid; resource types are like " + S3_OBJECT + ".");
                    }
                    resourceType = Optional.of(type);
                }
                case "resources.ARN" -> arns = Optional.of(fieldSelector);
                case "errorCode" -> {
                    if (!singleEquals(fieldSelector, operators).equals(Optional.of("VpceAccessDenied"))) {
                        throw invalid("errorCode takes the Equals operator with VpceAccessDenied.");
                    }
                }
                default -> {
                }
            }
        }
        if (category.equals("Data") && resourceType.isEmpty()) {
            throw invalid("Advanced event selectors for Data events need a resources.type field selector.");
        }
        if (category.equals("NetworkActivity") && !present.contains("eventSource")) {
            throw invalid("Advanced event selectors for NetworkActivity events need an eventSource field selector.");
        }
        if (arns.isPresent() && resourceType.equals(Optional.of(S3_OBJECT))) {
            EventSelectors.validateS3ObjectArns(arns.get());
        }
    }

    /** The one value of a field selector that has {@code Equals} alone, with one value. */
    private static Optional<String> singleEquals(JsonNode fieldSelector, int operators)
    {
        if (operators != 1 || !fieldSelector.has("Equals") || fieldSelector.get("Equals").size() != 1) {
            return Optional.empty();
        }
        return Optional.of(fieldSelector.get("Equals").get(0).asText());
    }

    private static Set<String> allCategories()
    {
        Set<String> categories = new TreeSet<>();
        for (LakeSchema schema : LakeSchema.values()) {
            categories.addAll(schema.categories());
        }
        return categories;
    }

    private static Set<String> union(Set<String> first, Set<String> second)
    {
        Set<String> union = new HashSet<>(first);
        union.addAll(second);
        return Set.copyOf(union);
    }

    private static CairnException invalid(String message)
    {
        return new CairnException(ErrorCode.INVALID_EVENT_SELECTORS, message);
    }
}
