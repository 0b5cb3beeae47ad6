package dev.cairn.core.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.recorder.ApiEvent;
import dev.cairn.core.recorder.RecordResource;
import dev.cairn.model.EventCategory;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One API operation. Implementations are {@link ReadOperation}s, which run on the caller's thread against committed
 * metadata, or {@link WriteOperation}s, which run inside the journal writer's transaction so that their state change
 * and their event commit together (the registry refuses anything else). Handlers see input that already passed
 * model validation.
 */
public interface Operation
{
    Service service();

    /** The operation name as in the model, e.g. {@code CreateUser}. */
    String name();

    /** The record's {@code readOnly}. */
    boolean readOnly();

    /** The IAM action, e.g. {@code iam:CreateUser}. */
    default String action()
    {
        return service().signingName() + ":" + name();
    }

    /** Whether the call needs an identity policy to allow it ({@code sts:GetCallerIdentity} does not). */
    default boolean requiresAuthorization()
    {
        return true;
    }

    /** The resources the call acts on, for authorization; {@code *} for actions without resource-level permissions. */
    default List<String> resources(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return List.of("*");
    }

    /** The operation's own error for invalid values of a top-level input member, where its model declares one. */
    default Optional<ErrorCode> validationError(String member)
    {
        return Optional.empty();
    }

    /** The resources event history reports for the call ({@code Resources} of LookupEvents). */
    default List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of();
    }

    /**
     * What of a successful call's output its record shows as {@code responseElements}: the output of a call that
     * changes state, nothing for a read-only one (AWS's records of reads have {@code "responseElements": null}).
     * Members the model marks sensitive are left out either way.
     */
    default Optional<ObjectNode> responseElements(ObjectNode output)
    {
        return readOnly() ? Optional.empty() : Optional.of(output);
    }

    /**
     * The record's {@code eventCategory}: management events, but for the calls that are data events (CloudWatch Logs'
     * log event calls), which trails and event history leave out unless asked for them.
     */
    default EventCategory category()
    {
        return EventCategory.MANAGEMENT;
    }

    /**
     * What of the call's input its record shows as {@code requestParameters} (then shaped by the model, sensitive
     * members left out): all of it, but for calls whose input is data rather than parameters.
     */
    default ObjectNode requestParameters(ObjectNode input)
    {
        if (hiddenRequestParameters().stream().noneMatch(input::has)) {
            return input;
        }
        ObjectNode copy = input.deepCopy();
        hiddenRequestParameters().stream().filter(copy::has).forEach(member -> copy.put(member, ApiEvent.HIDDEN));
        return copy;
    }

    /**
     * Top-level input members (model names) whose values the record shows as {@value ApiEvent#HIDDEN}, as AWS records
     * an SNS message's text, subject and attributes.
     */
    default Set<String> hiddenRequestParameters()
    {
        return Set.of();
    }

    /** The record's {@code resources} member, which AWS writes for few calls. */
    default List<RecordResource> recordResources(CallContext call)
    {
        return List.of();
    }

    /**
     * Another account whose resource the call acts on, where AWS records the call too (with one
     * {@code sharedEventID}): the account of a role assumed across accounts.
     */
    default Optional<String> alsoRecordedIn(CallContext call)
    {
        return Optional.empty();
    }

    /** Read-only by AWS's naming: Get, List, Describe, Lookup. */
    static boolean readOnlyByName(String operation)
    {
        return operation.startsWith("Get") || operation.startsWith("List") || operation.startsWith("Describe") || operation.startsWith("Lookup");
    }
}
