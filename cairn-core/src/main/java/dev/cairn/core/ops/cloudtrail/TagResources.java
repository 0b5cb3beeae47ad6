package dev.cairn.core.ops.cloudtrail;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.lake.LakeTagging;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailSource;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finding the resource a tagging call names by ARN: trails here; event data stores and channels through
 * {@link dev.cairn.core.ops.lake.LakeTagging}; dashboards do not exist in Cairn.
 */
final class TagResources
{
    private static final Pattern OTHER_CLOUDTRAIL_RESOURCE = Pattern.compile("arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:dashboard/.+");

    private TagResources() {}

    /** AddTags and RemoveTags: invalid ARNs and tags get their own errors. */
    static Optional<ErrorCode> validationError(String member)
    {
        return switch (member) {
            case "ResourceId" -> Optional.of(ErrorCode.CLOUDTRAIL_ARN_INVALID);
            case "TagsList" -> Optional.of(ErrorCode.INVALID_TAG_PARAMETER);
            default -> Optional.empty();
        };
    }

    /** The resource type event history reports for a tagged resource. */
    static String resourceType(String resourceId)
    {
        return LakeTagging.resourceType(resourceId).orElse(Trails.TRAIL_TYPE);
    }

    /** The trail whose tags a call changes, which must be done in its home region. */
    static Trail requireTrailInHomeRegion(CallContext call, TrailSource trails, String resourceId)
            throws IOException
    {
        Trail trail = requireTrail(call, trails, resourceId);
        if (!trail.homeRegion().equals(call.region())) {
            throw new CairnException(ErrorCode.INVALID_HOME_REGION, "Tags of trail " + trail.arn() + " can be changed only in its home region, " + trail.homeRegion() + ".");
        }
        return trail;
    }

    static Trail requireTrail(CallContext call, TrailSource trails, String resourceId)
            throws IOException
    {
        if (OTHER_CLOUDTRAIL_RESOURCE.matcher(resourceId).matches()) {
            throw new CairnException(ErrorCode.RESOURCE_TYPE_NOT_SUPPORTED, "Resource " + resourceId + " is a dashboard, which Cairn does not have; trails, event data stores and channels can be tagged.");
        }
        Trails.ParsedArn arn = Trails.parseArn(resourceId);
        if (!arn.accountId().equals(call.accountId())) {
            throw new CairnException(ErrorCode.RESOURCE_NOT_FOUND, "Resource " + resourceId + " not found.");
        }
        return trails.trail(arn.accountId(), arn.region(), arn.name())
                .orElseThrow(() -> new CairnException(ErrorCode.RESOURCE_NOT_FOUND, "Resource " + resourceId + " not found."));
    }
}
