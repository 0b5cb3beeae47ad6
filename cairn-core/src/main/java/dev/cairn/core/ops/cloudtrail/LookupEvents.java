package dev.cairn.core.ops.cloudtrail;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.history.EventLookup;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.Optional;

/**
 * Event history search. Beyond AWS: several lookup attributes are ANDed (AWS accepts one), and there is no request
 * rate cap. The console's variant ({@link #withConsoleOptions}) also filters to errors and answers summaries.
 */
public final class LookupEvents
        implements ReadOperation
{
    private final EventLookup lookup;
    private final EventLookup.ConsoleOptions options;

    public LookupEvents(EventLookup lookup)
    {
        this(lookup, EventLookup.ConsoleOptions.NONE);
    }

    private LookupEvents(EventLookup lookup, EventLookup.ConsoleOptions options)
    {
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.options = requireNonNull(options, "options is null");
    }

    /** The same operation (action, validation, record) with the console's options. */
    public LookupEvents withConsoleOptions(EventLookup.ConsoleOptions consoleOptions)
    {
        return new LookupEvents(lookup, consoleOptions);
    }

    @Override
    public Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    public String name()
    {
        return "LookupEvents";
    }

    @Override
    public Optional<ErrorCode> validationError(String member)
    {
        return switch (member) {
            case "LookupAttributes" -> Optional.of(ErrorCode.INVALID_LOOKUP_ATTRIBUTES);
            case "MaxResults" -> Optional.of(ErrorCode.INVALID_MAX_RESULTS);
            case "NextToken" -> Optional.of(ErrorCode.INVALID_NEXT_TOKEN);
            case "EventCategory" -> Optional.of(ErrorCode.INVALID_EVENT_CATEGORY);
            default -> Optional.empty();
        };
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return lookup.lookup(call, options);
    }
}
