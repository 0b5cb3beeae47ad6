package dev.cairn.model;

import java.util.List;
import java.util.Optional;

/**
 * The {@code AttributeKey} values of {@code LookupEvents}, and which values of an event each one matches; plus
 * {@link #ERROR_CODE}, which only the console searches by (the API's model does not allow it as a key).
 */
public enum LookupAttribute
{
    EVENT_ID("EventId"),
    EVENT_NAME("EventName"),
    READ_ONLY("ReadOnly"),
    USERNAME("Username"),
    RESOURCE_TYPE("ResourceType"),
    RESOURCE_NAME("ResourceName"),
    EVENT_SOURCE("EventSource"),
    ACCESS_KEY_ID("AccessKeyId"),
    /**
     * Cairn's own: the record's {@code errorCode}, and {@value #ANY_ERROR} for every event that has one. Not an
     * {@code AttributeKey} of the API.
     */
    ERROR_CODE("ErrorCode");

    /** The {@link #ERROR_CODE} value every failed call matches. */
    public static final String ANY_ERROR = "*";

    private final String awsName;

    LookupAttribute(String awsName)
    {
        this.awsName = awsName;
    }

    /** The name on the wire ({@code AttributeKey}). */
    public String awsName()
    {
        return awsName;
    }

    /** The API's attribute keys ({@link #ERROR_CODE} is not one). */
    public static Optional<LookupAttribute> fromAwsName(String name)
    {
        for (LookupAttribute attribute : values()) {
            if (attribute == ERROR_CODE) {
                continue;
            }
            if (attribute.awsName.equals(name)) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }

    /**
     * The values of this attribute that an event carries; an event matches a filter when one of them equals the
     * filter's value (after {@link #normalize(String)}).
     */
    public List<String> valuesOf(EventRecord event)
    {
        return switch (this) {
            case EVENT_ID -> List.of(event.eventId());
            case EVENT_NAME -> List.of(event.eventName());
            case READ_ONLY -> List.of(Boolean.toString(event.readOnly()));
            case USERNAME -> event.username().map(List::of).orElse(List.of());
            case RESOURCE_TYPE -> event.resources().stream().map(LookupResource::type).distinct().toList();
            case RESOURCE_NAME -> event.resources().stream().map(LookupResource::name).distinct().toList();
            case EVENT_SOURCE -> List.of(event.eventSource());
            case ACCESS_KEY_ID -> event.accessKeyId().map(List::of).orElse(List.of());
            case ERROR_CODE -> RecordFields.topLevelString(event.json(), "errorCode").map(code -> List.of(code, ANY_ERROR)).orElse(List.of());
        };
    }

    /** Filter values are compared exactly, except {@code ReadOnly}, whose value is case-insensitive. */
    public String normalize(String value)
    {
        return this == READ_ONLY ? value.toLowerCase(java.util.Locale.ROOT) : value;
    }

    public boolean matches(EventRecord event, String value)
    {
        return valuesOf(event).contains(normalize(value));
    }
}
