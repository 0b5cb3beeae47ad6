package dev.cairn.model;

import static java.util.Objects.requireNonNull;

/**
 * A resource an event touched, as {@code LookupEvents} reports it ({@code ResourceType}, {@code ResourceName}).
 */
public record LookupResource(String type, String name)
{
    public LookupResource
    {
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
    }
}
