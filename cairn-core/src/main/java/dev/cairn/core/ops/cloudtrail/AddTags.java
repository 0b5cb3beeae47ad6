package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.ops.lake.LakeTagging;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Adds tags to a trail, event data store or channel, from its home region; a key that exists gets the new value. At most 50 tags.
 */
public final class AddTags
        implements TrailOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "AddTags";
    }

    @Override
    public String trailMember()
    {
        return "ResourceId";
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return Trails.optionalText(call, "ResourceId").map(id -> List.of(new LookupResource(TagResources.resourceType(id), Trails.resourceArn(call, id))))
                .orElse(List.of());
    }

    @Override
    public Optional<ErrorCode> validationError(String member)
    {
        return TagResources.validationError(member);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        String resourceId = Trails.text(call, "ResourceId");
        if (LakeTagging.isLakeResource(resourceId)) {
            LakeTagging.addTags(call, metadata, resourceId, call.input().path("TagsList"));
            return Trails.NODES.objectNode();
        }
        Trail trail = TagResources.requireTrailInHomeRegion(call, new TrailRepository(metadata), resourceId);
        Trail.Builder updated = trail.toBuilder();
        updated.tags = Trails.mergeTags(trail.tags(), Trails.tags(call.input().path("TagsList")));
        new TrailRepository(metadata).put(updated.build());
        return Trails.NODES.objectNode();
    }
}
