package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Stores a trail's Insights selectors (an empty list turns Insights off). Detection itself comes later; event data
 * stores are not supported yet.
 */
public final class PutInsightSelectors
        implements TrailOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "PutInsightSelectors";
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
            case "InsightSelectors" -> Optional.of(ErrorCode.INVALID_INSIGHT_SELECTORS);
            default -> Optional.empty();
        };
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        if (call.input().has("EventDataStore") || call.input().has("InsightsDestination")) {
            throw new CairnException(ErrorCode.UNSUPPORTED_OPERATION, "Insights on event data stores are not supported by Cairn yet.");
        }
        if (!call.input().has("TrailName")) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_COMBINATION, "Specify TrailName (or EventDataStore).");
        }
        Trail trail = Trails.requireInHomeRegion(call, new TrailRepository(metadata), Trails.text(call, "TrailName"));
        ArrayNode selectors = Trails.NODES.arrayNode();
        Set<String> types = new HashSet<>();
        for (JsonNode selector : call.input().path("InsightSelectors")) {
            String type = selector.path("InsightType").asText("");
            if (type.isEmpty()) {
                throw new CairnException(ErrorCode.INVALID_INSIGHT_SELECTORS, "Each insight selector needs an InsightType: ApiCallRateInsight or ApiErrorRateInsight.");
            }
            if (!types.add(type)) {
                throw new CairnException(ErrorCode.INVALID_INSIGHT_SELECTORS, "InsightType " + type + " appears more than once.");
            }
            if (selector.has("EventCategories") && !selector.get("EventCategories").isEmpty()) {
                for (JsonNode category : selector.get("EventCategories")) {
                    if (!category.asText().equals("Management")) {
                        throw new CairnException(ErrorCode.INVALID_INSIGHT_SELECTORS, "Insights on trails analyze Management events only; not " + category.asText() + ".");
                    }
                }
            }
            ObjectNode out = selectors.addObject();
            out.put("InsightType", type);
            if (selector.has("EventCategories")) {
                out.set("EventCategories", selector.get("EventCategories").deepCopy());
            }
        }
        Trail.Builder updated = trail.toBuilder();
        updated.insightSelectors = selectors.isEmpty() ? Optional.empty() : Optional.of(selectors);
        new TrailRepository(metadata).put(updated.build());
        ObjectNode output = Trails.NODES.objectNode();
        output.put("TrailARN", trail.arn());
        output.set("InsightSelectors", selectors.deepCopy());
        return output;
    }
}
