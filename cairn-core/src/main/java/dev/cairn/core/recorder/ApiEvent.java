package dev.cairn.core.recorder;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.EventCategory;
import dev.cairn.model.LookupResource;

import java.util.List;
import java.util.Optional;

/**
 * What the recorder needs to know of the operation an API call ran, beside the call itself.
 *
 * @param name the operation, the record's {@code eventName}
 * @param readOnly the record's {@code readOnly}
 * @param resources the resources event history reports for the call
 * @param responseElements what of a successful call's output the record shows as {@code responseElements} (shaped by
 *         the model, sensitive members left out); empty for most read-only calls
 * @param recordResources the record's {@code resources} member
 * @param alsoRecordedIn another account the call is recorded in as well (one whose role was assumed)
 * @param category the record's {@code eventCategory}
 * @param requestParameters what of the call's input the record shows as {@code requestParameters} (before the model
 *         shapes it): the whole input but for calls that carry data rather than parameters (PutLogEvents' events)
 */
public record ApiEvent(String name, boolean readOnly, List<LookupResource> resources, Optional<ObjectNode> responseElements, List<RecordResource> recordResources,
        Optional<String> alsoRecordedIn, EventCategory category, ObjectNode requestParameters)
{
    /** What AWS's records show in place of a value they do not disclose. */
    public static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

    public ApiEvent
    {
        requireNonNull(name, "name is null");
        requireNonNull(requestParameters, "requestParameters is null");
        requireNonNull(category, "category is null");
        resources = List.copyOf(resources);
        requireNonNull(responseElements, "responseElements is null");
        recordResources = List.copyOf(recordResources);
        requireNonNull(alsoRecordedIn, "alsoRecordedIn is null");
    }
}
