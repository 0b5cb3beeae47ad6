package dev.cairn.core.ops.cloudtrail;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Finding the resource a tagging call names by ARN. Trails only: event data stores, channels and dashboards do not
 * exist in Cairn yet.
 */
final class TagResources
{
    private static final Pattern OTHER_CLOUDTRAIL_RESOURCE = Pattern.compile("arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:(eventdatastore|channel|dashboard)/.+");

    private TagResources() {}

    static Trail requireTrail(CallContext call, MetadataReader metadata, String resourceId)
            throws IOException
    {
        if (OTHER_CLOUDTRAIL_RESOURCE.matcher(resourceId).matches()) {
            throw new CairnException(ErrorCode.RESOURCE_TYPE_NOT_SUPPORTED, "Resource " + resourceId + " is of a type Cairn does not support yet; trails can be tagged.");
        }
        Trails.ParsedArn arn = Trails.parseArn(resourceId);
        if (!arn.accountId().equals(call.accountId())) {
            throw new CairnException(ErrorCode.RESOURCE_NOT_FOUND, "Resource " + resourceId + " not found.");
        }
        return new TrailRepository(metadata).trail(arn.accountId(), arn.region(), arn.name())
                .orElseThrow(() -> new CairnException(ErrorCode.RESOURCE_NOT_FOUND, "Resource " + resourceId + " not found."));
    }
}
