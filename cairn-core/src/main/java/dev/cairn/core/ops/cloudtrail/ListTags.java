package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.lake.LakeCatalog;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.ops.lake.LakeTagging;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailCatalog;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tags of up to 20 trails, event data stores and channels, in one page (there is never a next one).
 */
public final class ListTags
        implements ReadOperation
{
    private final TrailCatalog trails;
    private final LakeCatalog lake;

    public ListTags(TrailCatalog trails, LakeCatalog lake)
    {
        this.trails = java.util.Objects.requireNonNull(trails, "trails is null");
        this.lake = java.util.Objects.requireNonNull(lake, "lake is null");
    }

    @Override
    public boolean readsMetadata()
    {
        return false;
    }

    static final int MAXIMUM_RESOURCES = 20;

    @Override
    public Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    public String name()
    {
        return "ListTags";
    }

    @Override
    public Optional<ErrorCode> validationError(String member)
    {
        return member.equals("ResourceIdList") ? Optional.of(ErrorCode.CLOUDTRAIL_ARN_INVALID) : Optional.empty();
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        List<String> arns = new ArrayList<>();
        call.input().path("ResourceIdList").forEach(id -> arns.add(id.asText()));
        return arns.isEmpty() ? List.of("*") : arns;
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        List<LookupResource> resources = new ArrayList<>();
        call.input().path("ResourceIdList").forEach(id -> resources.add(new LookupResource(TagResources.resourceType(id.asText()), id.asText())));
        return resources;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        if (call.input().hasNonNull("NextToken")) {
            throw new CairnException(ErrorCode.INVALID_TOKEN, "Invalid NextToken: ListTags answers in one page.");
        }
        JsonNode ids = call.input().path("ResourceIdList");
        if (ids.size() > MAXIMUM_RESOURCES) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, "ResourceIdList can name at most " + MAXIMUM_RESOURCES + " resources.");
        }
        ObjectNode output = Trails.NODES.objectNode();
        ArrayNode list = output.putArray("ResourceTagList");
        for (JsonNode id : ids) {
            if (LakeTagging.isLakeResource(id.asText())) {
                list.add(LakeTagging.resourceTags(call, lake, id.asText()));
                continue;
            }
            Trail trail = TagResources.requireTrail(call, trails, id.asText());
            ObjectNode entry = list.addObject();
            entry.put("ResourceId", trail.arn());
            entry.set("TagsList", Trails.tagList(trail.tags()));
        }
        return output;
    }
}
