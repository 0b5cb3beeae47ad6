package dev.cairn.core.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One shape of a service model, with the constraints Cairn enforces: required members, length and value bounds,
 * enums and patterns. Member references are resolved lazily through the model.
 */
public final class Shape
{
    private final ServiceModel model;
    private final String name;
    private final String type;
    private final Map<String, Member> members;
    private final Set<String> required;
    private final OptionalLong min;
    private final OptionalLong max;
    private final Optional<Pattern> pattern;
    private final Optional<String> patternText;
    private final List<String> enumValues;
    private final Optional<Member> listMember;
    private final Optional<Member> mapKey;
    private final Optional<Member> mapValue;
    private final boolean flattened;
    private final boolean sensitive;
    private final boolean exception;
    private final Optional<String> errorCode;
    private final int errorStatus;

    Shape(ServiceModel model, String name, JsonNode definition)
    {
        this.model = requireNonNull(model, "model is null");
        this.name = requireNonNull(name, "name is null");
        this.type = definition.path("type").asText();
        Map<String, Member> members = new LinkedHashMap<>();
        definition.path("members").properties().forEach(field -> members.put(field.getKey(), Member.from(field.getKey(), field.getValue())));
        this.members = Collections.unmodifiableMap(members);
        Set<String> required = new LinkedHashSet<>();
        definition.path("required").forEach(node -> required.add(node.asText()));
        this.required = Collections.unmodifiableSet(required);
        this.min = definition.has("min") ? OptionalLong.of(definition.get("min").asLong()) : OptionalLong.empty();
        this.max = definition.has("max") ? OptionalLong.of(definition.get("max").asLong()) : OptionalLong.empty();
        Optional<String> patternText = Optional.ofNullable(definition.path("pattern").textValue());
        Optional<Pattern> pattern = Optional.empty();
        if (patternText.isPresent()) {
            try {
                pattern = Optional.of(Pattern.compile(patternText.get(), Pattern.DOTALL));
            }
            catch (PatternSyntaxException e) {
                // a pattern Java cannot read is not enforced; ServiceModelTest pins that none of the served shapes has one
                patternText = Optional.empty();
            }
        }
        this.pattern = pattern;
        this.patternText = patternText;
        this.enumValues = definition.has("enum")
                ? List.copyOf(java.util.stream.StreamSupport.stream(definition.get("enum").spliterator(), false).map(JsonNode::asText).toList())
                : List.of();
        this.listMember = definition.has("member") ? Optional.of(Member.from("member", definition.get("member"))) : Optional.empty();
        this.mapKey = definition.has("key") ? Optional.of(Member.from("key", definition.get("key"))) : Optional.empty();
        this.mapValue = definition.has("value") ? Optional.of(Member.from("value", definition.get("value"))) : Optional.empty();
        this.flattened = definition.path("flattened").asBoolean(false);
        this.sensitive = definition.path("sensitive").asBoolean(false);
        this.exception = definition.path("exception").asBoolean(false);
        this.errorCode = Optional.ofNullable(definition.path("error").path("code").textValue());
        this.errorStatus = definition.path("error").path("httpStatusCode").asInt(400);
    }

    public String name()
    {
        return name;
    }

    /** structure, list, map, string, integer, long, boolean, timestamp, blob, double, float */
    public String type()
    {
        return type;
    }

    public Map<String, Member> members()
    {
        return members;
    }

    public Shape memberShape(Member member)
    {
        return model.shape(member.shape());
    }

    public Set<String> required()
    {
        return required;
    }

    public OptionalLong min()
    {
        return min;
    }

    public OptionalLong max()
    {
        return max;
    }

    public Optional<Pattern> pattern()
    {
        return pattern;
    }

    public Optional<String> patternText()
    {
        return patternText;
    }

    public List<String> enumValues()
    {
        return enumValues;
    }

    public Member listMember()
    {
        return listMember.orElseThrow(() -> new IllegalStateException(name + " is not a list"));
    }

    public Member mapKey()
    {
        return mapKey.orElseThrow(() -> new IllegalStateException(name + " is not a map"));
    }

    public Member mapValue()
    {
        return mapValue.orElseThrow(() -> new IllegalStateException(name + " is not a map"));
    }

    public boolean flattened()
    {
        return flattened;
    }

    /** Shapes marked sensitive (secrets, passwords) never reach records or logs. */
    public boolean sensitive()
    {
        return sensitive;
    }

    public boolean exception()
    {
        return exception;
    }

    /** The Query protocol {@code Code} of an exception shape; the shape name when the model gives none. */
    public String errorCode()
    {
        return errorCode.orElse(name);
    }

    public int errorStatus()
    {
        return errorStatus;
    }

    @Override
    public String toString()
    {
        return name + ":" + type;
    }

    /**
     * A reference from a structure, list or map to another shape.
     *
     * @param name the member name in the model
     * @param shape the referenced shape
     * @param locationName the wire name when it differs from {@code name}
     * @param location where the REST protocols carry it when not in the body ({@code querystring}, {@code header}, ...)
     */
    public record Member(String name, String shape, Optional<String> locationName, boolean flattened, Optional<String> location)
    {
        static Member from(String name, JsonNode definition)
        {
            return new Member(name, definition.get("shape").asText(), Optional.ofNullable(definition.path("locationName").textValue()),
                    definition.path("flattened").asBoolean(false), Optional.ofNullable(definition.path("location").textValue()));
        }

        /** Whether the REST protocols carry the member in the query string (its wire name the parameter's). */
        public boolean inQueryString()
        {
            return location.filter("querystring"::equals).isPresent();
        }

        /** The element or parameter name on the wire. */
        public String wireName()
        {
            return locationName.orElse(name);
        }
    }
}
