package dev.cairn.core.recorder;

import static java.util.Objects.requireNonNull;

import dev.cairn.model.LookupResource;

import java.util.List;

/**
 * What the recorder needs to know of the operation an API call ran, beside the call itself.
 *
 * @param name the operation, the record's {@code eventName}
 * @param readOnly the record's {@code readOnly}; read-only calls record no {@code responseElements}
 * @param resources the resources event history reports for the call
 */
public record ApiEvent(String name, boolean readOnly, List<LookupResource> resources)
{
    public ApiEvent
    {
        requireNonNull(name, "name is null");
        resources = List.copyOf(resources);
    }
}
