package dev.cairn.core.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Basic and advanced event selectors of trails: validation as PutEventSelectors does it, and the decision which
 * events a trail delivers, as CloudTrail makes it. A trail without selectors takes all management events.
 *
 * <p>Basic: an event is taken when any selector takes it. A management event needs {@code IncludeManagementEvents}
 * (default true), a matching {@code ReadWriteType} (default All) and a source not in
 * {@code ExcludeManagementEventSources}; a data event needs a matching {@code ReadWriteType} and a
 * {@code DataResources} entry of its resource type whose value is the resource's ARN or a prefix of it (for S3 objects:
 * {@code arn:aws:s3} for all, {@code arn:aws:s3:::bucket/} for one bucket's, or {@code arn:aws:s3:::bucket/prefix};
 * a bucket without its slash is refused, as AWS refuses it).
 *
 * <p>Advanced: an event is taken when any selector takes it; a selector takes it when every field selector matches;
 * a field selector matches when each of its operators does: {@code Equals}, {@code StartsWith}, {@code EndsWith} when
 * any of their values matches, {@code NotEquals}, {@code NotStartsWith}, {@code NotEndsWith} when none does. Fields
 * with several values match when any value does; {@code resources.ARN} has the ARNs of the resources of the
 * selector's {@code resources.type} only (an S3 data event's bucket is no object: {@code NotStartsWith
 * arn:aws:s3:::b/tmp/} must not be met by the bucket's {@code arn:aws:s3:::b}).
 *
 * <p>Both match the resources the record names: an S3 object by its {@code ARN}, the objects a bucket-level data
 * event covers (ListObjects, DeleteObjects, HeadBucket) by their {@code ARNPrefix} ({@code arn:aws:s3:::bucket/} and a
 * listing's prefix), so that a bucket's selector takes its bucket-level data events as well.
 */
public final class EventSelectors
{
    public static final int MAXIMUM_BASIC_SELECTORS = 5;
    public static final int MAXIMUM_DATA_RESOURCES = 250;
    public static final int MAXIMUM_ADVANCED_VALUES = 500;

    static final Set<String> DATA_RESOURCE_TYPES = Set.of("AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table");
    static final Set<String> EXCLUDABLE_SOURCES = Set.of("kms.amazonaws.com", "rdsdata.amazonaws.com");
    static final Set<String> FIELDS = Set.of("eventCategory", "eventSource", "eventName", "eventType", "readOnly", "resources.type",
            "resources.ARN", "userIdentity.arn", "errorCode", "sessionCredentialFromConsole", "vpcEndpointId");
    static final Set<String> CATEGORIES = Set.of("Management", "Data", "NetworkActivity");
    static final List<String> OPERATORS = List.of("Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith");
    /** AWS's resource types, {@code AWS::S3::Object} among them; the others are taken as they come, by their form. */
    private static final Pattern RESOURCE_TYPE = Pattern.compile("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+");
    private static final String S3_OBJECT = "AWS::S3::Object";
    /** An S3 object's ARN, or a bucket's with its slash: what {@code Equals} and {@code NotEquals} on S3 objects take. */
    private static final Pattern S3_OBJECT_ARN = Pattern.compile("arn:[a-z-]+:s3:::[^/]+/.*");
    private static final String S3_ARN = "arn:aws:s3:::";
    /** Sources recorded as global service events (in us-east-1), delivered only with IncludeGlobalServiceEvents. */
    static final Set<String> GLOBAL_SOURCES = Set.of("iam.amazonaws.com", "sts.amazonaws.com", "signin.amazonaws.com", "organizations.amazonaws.com");

    private EventSelectors() {}

    /** What GetEventSelectors reports for a trail that never had selectors set. */
    public static ArrayNode defaultSelectors()
    {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        ObjectNode selector = list.addObject();
        selector.put("ReadWriteType", "All");
        selector.put("IncludeManagementEvents", true);
        selector.putArray("DataResources");
        selector.putArray("ExcludeManagementEventSources");
        return list;
    }

    /** Validates basic selectors and returns them with AWS's defaults filled in. */
    public static ArrayNode validateBasic(JsonNode selectors)
    {
        if (selectors.size() > MAXIMUM_BASIC_SELECTORS) {
            throw invalid("A trail can have at most " + MAXIMUM_BASIC_SELECTORS + " event selectors; " + selectors.size() + " were given.");
        }
        ArrayNode normalized = JsonNodeFactory.instance.arrayNode();
        int dataResourceValues = 0;
        for (JsonNode selector : selectors) {
            ObjectNode out = normalized.addObject();
            out.put("ReadWriteType", selector.path("ReadWriteType").asText("All"));
            out.put("IncludeManagementEvents", selector.path("IncludeManagementEvents").asBoolean(true));
            ArrayNode resources = out.putArray("DataResources");
            for (JsonNode resource : selector.path("DataResources")) {
                String type = resource.path("Type").asText("");
                if (!DATA_RESOURCE_TYPES.contains(type)) {
                    throw invalid("Value " + type + " for DataResources.Type is invalid; use one of " + new java.util.TreeSet<>(DATA_RESOURCE_TYPES)
                            + " or advanced event selectors.");
                }
                ArrayNode values = JsonNodeFactory.instance.arrayNode();
                for (JsonNode value : resource.path("Values")) {
                    String text = value.asText();
                    if (!validDataResourceValue(type, text)) {
                        throw invalid("Value " + text + " for DataResources.Values is invalid for type " + type + ".");
                    }
                    if (!isAllResources(type, text)) {
                        dataResourceValues++;
                    }
                    values.add(text);
                }
                ObjectNode outResource = resources.addObject();
                outResource.put("Type", type);
                outResource.set("Values", values);
            }
            ArrayNode excluded = out.putArray("ExcludeManagementEventSources");
            for (JsonNode source : selector.path("ExcludeManagementEventSources")) {
                if (!EXCLUDABLE_SOURCES.contains(source.asText())) {
                    throw invalid("Value " + source.asText() + " for ExcludeManagementEventSources is invalid; valid values are "
                            + new java.util.TreeSet<>(EXCLUDABLE_SOURCES) + ".");
                }
                excluded.add(source.asText());
            }
        }
        if (dataResourceValues > MAXIMUM_DATA_RESOURCES) {
            throw invalid("A trail can have at most " + MAXIMUM_DATA_RESOURCES + " data resources across its event selectors; " + dataResourceValues + " were given.");
        }
        return normalized;
    }

    /** Validates advanced selectors as given (the model already checked lengths and required members). */
    public static ArrayNode validateAdvanced(JsonNode selectors)
    {
        if (selectors.isEmpty()) {
            throw invalid("Specify at least one advanced event selector.");
        }
        int values = 0;
        for (JsonNode selector : selectors) {
            Set<String> fields = new HashSet<>();
            Optional<String> category = Optional.empty();
            Optional<String> resourceType = Optional.empty();
            Optional<JsonNode> arns = Optional.empty();
            for (JsonNode fieldSelector : selector.path("FieldSelectors")) {
                String field = fieldSelector.path("Field").asText();
                if (!FIELDS.contains(field)) {
                    throw invalid("Field " + field + " is not a valid field for advanced event selectors of trails.");
                }
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
                boolean equalsOnly = operators == 1 && fieldSelector.has("Equals");
                switch (field) {
                    case "eventCategory" -> {
                        if (!equalsOnly || fieldSelector.get("Equals").size() != 1 || !CATEGORIES.contains(fieldSelector.get("Equals").get(0).asText())) {
                            throw invalid("eventCategory takes the Equals operator with one of " + new java.util.TreeSet<>(CATEGORIES) + ".");
                        }
                        category = Optional.of(fieldSelector.get("Equals").get(0).asText());
                    }
                    case "readOnly" -> {
                        if (!equalsOnly || fieldSelector.get("Equals").size() != 1
                                || !Set.of("true", "false").contains(fieldSelector.get("Equals").get(0).asText())) {
                            throw invalid("readOnly takes the Equals operator with true or false.");
                        }
                    }
                    case "resources.type" -> {
                        if (!equalsOnly || fieldSelector.get("Equals").size() != 1) {
                            throw invalid("resources.type takes the Equals operator with one resource type.");
                        }
                        String type = fieldSelector.get("Equals").get(0).asText();
                        if (!RESOURCE_TYPE.matcher(type).matches()) {
                            throw invalid("Value " + type + " for resources.type is invalid; resource types are like " + S3_OBJECT + ".");
                        }
                        resourceType = Optional.of(type);
                    }
                    case "resources.ARN" -> arns = Optional.of(fieldSelector);
                    default -> {
                    }
                }
            }
            if (category.isEmpty()) {
                throw invalid("Each advanced event selector needs an eventCategory field selector.");
            }
            if (category.get().equals("Management")) {
                for (String field : fields) {
                    if (!Set.of("eventCategory", "readOnly", "eventSource").contains(field)) {
                        throw invalid("Advanced event selectors for management events take only eventCategory, readOnly and eventSource; not " + field + ".");
                    }
                }
            }
            else if (resourceType.isEmpty()) {
                throw invalid("Advanced event selectors for " + category.get() + " events need a resources.type field selector.");
            }
            if (arns.isPresent() && resourceType.equals(Optional.of(S3_OBJECT))) {
                validateS3ObjectArns(arns.get());
            }
        }
        if (values > MAXIMUM_ADVANCED_VALUES) {
            throw invalid("A trail can have at most " + MAXIMUM_ADVANCED_VALUES + " values across its advanced event selectors; " + values + " were given.");
        }
        return (ArrayNode) selectors.deepCopy();
    }

    /**
     * {@code resources.ARN} for S3 objects: {@code Equals} and {@code NotEquals} name objects
     * ({@code arn:aws:s3:::bucket/key}), or a bucket's objects with its slash; {@code StartsWith} and
     * {@code NotStartsWith} take ARN prefixes ({@code arn:aws:s3:::bucket/} for a bucket's objects). Event data stores'
     * selectors follow the same rule.
     */
    public static void validateS3ObjectArns(JsonNode fieldSelector)
    {
        for (String operator : List.of("Equals", "NotEquals")) {
            for (JsonNode value : fieldSelector.path(operator)) {
                if (!S3_OBJECT_ARN.matcher(value.asText()).matches()) {
                    throw invalid("Value " + value.asText() + " for resources.ARN with " + operator + " is invalid for resources.type " + S3_OBJECT
                            + "; use an object ARN like arn:aws:s3:::bucket/key, or StartsWith arn:aws:s3:::bucket/ for all of a bucket's objects.");
                }
            }
        }
        for (String operator : List.of("StartsWith", "NotStartsWith")) {
            for (JsonNode value : fieldSelector.path(operator)) {
                if (!value.asText().startsWith("arn:")) {
                    throw invalid("Value " + value.asText() + " for resources.ARN with " + operator + " is invalid for resources.type " + S3_OBJECT
                            + "; use the start of an object ARN, like arn:aws:s3:::bucket/.");
                }
            }
        }
    }

    /**
     * Whether the trail delivers the event, by its selectors and global-service setting (not by region or logging).
     * Events from outside AWS ({@code ActivityAuditLog}, PutAuditEvents') go to CloudTrail Lake alone: no trail
     * delivers them, whatever its selectors.
     *
     * @param record the parsed record, asked for only when a selector needs a field the journal entry does not carry
     */
    public static boolean takes(Trail trail, EventRecord event, Function<EventRecord, JsonNode> record)
    {
        if (event.category() == EventCategory.ACTIVITY_AUDIT_LOG) {
            return false;
        }
        if (!trail.includeGlobalServiceEvents() && GLOBAL_SOURCES.contains(event.eventSource())) {
            return false;
        }
        if (trail.advancedEventSelectors().isPresent()) {
            return advancedSelectorsTake(trail.advancedEventSelectors().get(), event, record);
        }
        if (trail.eventSelectors().isEmpty()) {
            return event.category() == EventCategory.MANAGEMENT;
        }
        for (JsonNode selector : trail.eventSelectors().get()) {
            if (basicTakes(selector, event, record)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether any of these advanced selectors takes the event, as described above: the semantics trails and event data
     * stores share (each kind validates its own selectors).
     *
     * @param record the parsed record, asked for only when a selector needs a field the journal entry does not carry
     */
    public static boolean advancedSelectorsTake(JsonNode selectors, EventRecord event, Function<EventRecord, JsonNode> record)
    {
        for (JsonNode selector : selectors) {
            if (advancedTakes(selector, event, record)) {
                return true;
            }
        }
        return false;
    }

    private static boolean basicTakes(JsonNode selector, EventRecord event, Function<EventRecord, JsonNode> record)
    {
        String readWrite = selector.path("ReadWriteType").asText("All");
        boolean readWriteMatches = readWrite.equals("All") || (readWrite.equals("ReadOnly") == event.readOnly());
        if (!readWriteMatches) {
            return false;
        }
        if (event.category() == EventCategory.MANAGEMENT) {
            if (!selector.path("IncludeManagementEvents").asBoolean(true)) {
                return false;
            }
            for (JsonNode excluded : selector.path("ExcludeManagementEventSources")) {
                if (excluded.asText().equals(event.eventSource())) {
                    return false;
                }
            }
            return true;
        }
        if (event.category() != EventCategory.DATA) {
            return false;
        }
        List<Map.Entry<String, String>> resources = resources(record.apply(event));
        for (JsonNode dataResource : selector.path("DataResources")) {
            String type = dataResource.path("Type").asText();
            for (Map.Entry<String, String> resource : resources) {
                if (!resource.getKey().equals(type)) {
                    continue;
                }
                for (JsonNode value : dataResource.path("Values")) {
                    String text = value.asText();
                    if (isAllResources(type, text) || resource.getValue().startsWith(text)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean advancedTakes(JsonNode selector, EventRecord event, Function<EventRecord, JsonNode> record)
    {
        Optional<String> resourceType = Optional.empty();
        for (JsonNode fieldSelector : selector.path("FieldSelectors")) {
            if (fieldSelector.path("Field").asText().equals("resources.type")) {
                resourceType = Optional.of(fieldSelector.path("Equals").path(0).asText());
            }
        }
        for (JsonNode fieldSelector : selector.path("FieldSelectors")) {
            List<String> values = fieldValues(fieldSelector.path("Field").asText(), resourceType, event, record);
            if (!fieldMatches(fieldSelector, values)) {
                return false;
            }
        }
        return true;
    }

    static boolean fieldMatches(JsonNode fieldSelector, List<String> values)
    {
        if (values.isEmpty()) {
            // an absent field matches only negative operators
            for (String operator : List.of("Equals", "StartsWith", "EndsWith")) {
                if (fieldSelector.has(operator)) {
                    return false;
                }
            }
            return true;
        }
        for (String value : values) {
            if (valueMatches(fieldSelector, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean valueMatches(JsonNode fieldSelector, String value)
    {
        for (String operator : OPERATORS) {
            JsonNode operands = fieldSelector.get(operator);
            if (operands == null) {
                continue;
            }
            boolean any = false;
            for (JsonNode operand : operands) {
                String text = operand.asText();
                boolean hit = switch (operator) {
                    case "Equals", "NotEquals" -> value.equals(text);
                    case "StartsWith", "NotStartsWith" -> value.startsWith(text);
                    default -> value.endsWith(text);
                };
                if (hit) {
                    any = true;
                    break;
                }
            }
            boolean negative = operator.startsWith("Not");
            if (negative == any) {
                return false;
            }
        }
        return true;
    }

    /** The event's values of a field; {@code resources.ARN} those of the resources of {@code resourceType}, when the selector names one. */
    private static List<String> fieldValues(String field, Optional<String> resourceType, EventRecord event, Function<EventRecord, JsonNode> record)
    {
        return switch (field) {
            case "eventCategory" -> List.of(event.category().recordName());
            case "eventSource" -> List.of(event.eventSource());
            case "eventName" -> List.of(event.eventName());
            case "readOnly" -> List.of(Boolean.toString(event.readOnly()));
            case "resources.type" -> resources(record.apply(event)).stream().map(Map.Entry::getKey).toList();
            case "resources.ARN" -> resources(record.apply(event)).stream()
                    .filter(resource -> resourceType.isEmpty() || resource.getKey().equals(resourceType.get()))
                    .map(Map.Entry::getValue)
                    .toList();
            case "userIdentity.arn" -> text(record.apply(event).path("userIdentity").path("arn"));
            default -> text(record.apply(event).path(field));
        };
    }

    private static List<String> text(JsonNode node)
    {
        return node.isMissingNode() || node.isNull() ? List.of() : List.of(node.asText());
    }

    /** (type, ARN) of the record's {@code resources}: the {@code ARNPrefix} of one that names the objects under it. */
    private static List<Map.Entry<String, String>> resources(JsonNode record)
    {
        List<Map.Entry<String, String>> resources = new ArrayList<>();
        for (JsonNode resource : record.path("resources")) {
            JsonNode arn = resource.has("ARN") ? resource.path("ARN") : resource.path("ARNPrefix");
            resources.add(Map.entry(resource.path("type").asText(""), arn.asText("")));
        }
        return resources;
    }

    private static boolean isAllResources(String type, String value)
    {
        return switch (type) {
            case "AWS::S3::Object" -> value.equals("arn:aws:s3") || value.equals("arn:aws:s3:::");
            case "AWS::Lambda::Function" -> value.equals("arn:aws:lambda");
            case "AWS::DynamoDB::Table" -> value.equals("arn:aws:dynamodb");
            default -> false;
        };
    }

    private static boolean validDataResourceValue(String type, String value)
    {
        if (isAllResources(type, value)) {
            return true;
        }
        return switch (type) {
            // a bucket and its slash, then any prefix of its keys
            case "AWS::S3::Object" -> value.startsWith(S3_ARN) && value.indexOf('/', S3_ARN.length()) > S3_ARN.length();
            case "AWS::Lambda::Function" -> value.startsWith("arn:aws:lambda:");
            case "AWS::DynamoDB::Table" -> value.startsWith("arn:aws:dynamodb:");
            default -> false;
        };
    }

    private static CairnException invalid(String message)
    {
        return new CairnException(ErrorCode.INVALID_EVENT_SELECTORS, message);
    }
}
