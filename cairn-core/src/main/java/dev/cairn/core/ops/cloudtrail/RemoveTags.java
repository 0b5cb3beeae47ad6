package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Removes the tags with the given keys from a trail, event data store or channel, from its home region.
 */
public final class RemoveTags
        implements TrailOperation, WriteOperation
{
    @Override
    public String name()
    {
        return "RemoveTags";
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
        Set<String> keys = new HashSet<>();
        for (JsonNode tag : call.input().path("TagsList")) {
            keys.add(tag.path("Key").asText());
        }
        if (LakeTagging.isLakeResource(resourceId)) {
            LakeTagging.removeTags(call, metadata, resourceId, keys);
            return Trails.NODES.objectNode();
        }
        Trail trail = TagResources.requireTrailInHomeRegion(call, new TrailRepository(metadata), resourceId);
        Trail.Builder updated = trail.toBuilder();
        updated.tags = trail.tags().stream().filter(tag -> !keys.contains(tag.key())).toList();
        new TrailRepository(metadata).put(updated.build());
        return Trails.NODES.objectNode();
    }
}
