package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailCatalog;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

public final class GetInsightSelectors
        implements TrailOperation, ReadOperation
{
    private final TrailCatalog trails;

    public GetInsightSelectors(TrailCatalog trails)
    {
        this.trails = java.util.Objects.requireNonNull(trails, "trails is null");
    }

    @Override
    public boolean readsMetadata()
    {
        return false;
    }

    @Override
    public String name()
    {
        return "GetInsightSelectors";
    }

    @Override
    public String trailMember()
    {
        return "TrailName";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        if (call.input().has("EventDataStore")) {
            throw new CairnException(ErrorCode.UNSUPPORTED_OPERATION, "Insights on event data stores are not supported by Cairn yet.");
        }
        if (!call.input().has("TrailName")) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_COMBINATION, "Specify TrailName (or EventDataStore).");
        }
        Trail trail = Trails.require(call, trails, Trails.text(call, "TrailName"));
        if (trail.insightSelectors().isEmpty()) {
            throw new CairnException(ErrorCode.INSIGHT_NOT_ENABLED, "Trail " + trail.arn() + " does not have Insights enabled. Edit the trail settings to enable "
                    + "Insights, and then try the operation again.");
        }
        ObjectNode output = Trails.NODES.objectNode();
        output.put("TrailARN", trail.arn());
        output.set("InsightSelectors", trail.insightSelectors().get().deepCopy());
        return output;
    }
}
