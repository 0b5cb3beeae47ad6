package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.trail.EventSelectors;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Replaces the trail's selectors: basic or advanced, never both; either kind replaces the other.
 */
public final class PutEventSelectors
        implements TrailOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "PutEventSelectors";
    }

    @Override
    public String trailMember()
    {
        return "TrailName";
    }

    @Override
    public Optional<ErrorCode> validationError(String member)
    {
        return switch (member) {
            case "TrailName" -> Optional.of(ErrorCode.INVALID_TRAIL_NAME);
            case "EventSelectors", "AdvancedEventSelectors" -> Optional.of(ErrorCode.INVALID_EVENT_SELECTORS);
            default -> Optional.empty();
        };
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        JsonNode basic = call.input().get("EventSelectors");
        JsonNode advanced = call.input().get("AdvancedEventSelectors");
        if ((basic == null) == (advanced == null)) {
            throw new CairnException(ErrorCode.INVALID_EVENT_SELECTORS, "Specify either EventSelectors or AdvancedEventSelectors, but not both.");
        }
        TrailRepository trails = new TrailRepository(metadata);
        Trail trail = Trails.inHomeRegion(call, trails, Trails.requireNamedAsGiven(call, trails, Trails.text(call, "TrailName")));
        Trail.Builder updated = trail.toBuilder();
        ObjectNode output = Trails.NODES.objectNode();
        output.put("TrailARN", trail.arn());
        if (basic != null) {
            ArrayNode selectors = EventSelectors.validateBasic(basic);
            updated.eventSelectors = Optional.of(selectors);
            updated.advancedEventSelectors = Optional.empty();
            output.set("EventSelectors", selectors.deepCopy());
        }
        else {
            ArrayNode selectors = EventSelectors.validateAdvanced(advanced);
            updated.advancedEventSelectors = Optional.of(selectors);
            updated.eventSelectors = Optional.empty();
            output.set("AdvancedEventSelectors", selectors.deepCopy());
        }
        new TrailRepository(metadata).put(updated.build());
        return output;
    }
}
