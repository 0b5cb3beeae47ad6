package dev.cairn.core.ops.cloudtrail;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailConfig;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.LogGroupTarget;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Creates a trail in the call's region, not yet logging (as CloudTrail: StartLogging starts it).
 */
public final class CreateTrail
        implements TrailOperation, WriteOperation
{
    private final List<String> regions;
    private final TrailConfig config;
    private final BucketStore buckets;
    private final Optional<LogGroupTarget> externalLogGroups;

    public CreateTrail(List<String> regions, TrailConfig config, BucketStore buckets, Optional<LogGroupTarget> externalLogGroups)
    {
        this.externalLogGroups = requireNonNull(externalLogGroups, "externalLogGroups is null");
        this.regions = List.copyOf(regions);
        this.config = requireNonNull(config, "config is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
    }

    @Override
    public String name()
    {
        return "CreateTrail";
    }

    @Override
    public Optional<ErrorCode> validationError(String member)
    {
        return switch (member) {
            case "Name" -> Optional.of(ErrorCode.INVALID_TRAIL_NAME);
            case "TagsList" -> Optional.of(ErrorCode.INVALID_TAG_PARAMETER);
            default -> Optional.empty();
        };
    }

    /**
     * The bucket must exist and let CloudTrail write, and a topic must exist, as CloudTrail checks them (unless
     * {@code --skip-bucket-policy-check}), and a log group of an external CloudWatch Logs service must exist; this is
     * I/O, done before the call is queued.
     */
    @Override
    public void prepare(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Trail trail = withOrganization(call, metadata, trail(call));
        Trails.requireBucket(buckets, trail.s3BucketName());
        if (config.checkBucketPolicy()) {
            DeliveryPermissions.check(buckets, trail, metadata);
        }
        Trails.checkExternalLogGroup(trail.cloudWatchLogsLogGroupArn(), externalLogGroups);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        // trail names and limits are account-wide: one change at a time, also across nodes
        Trail trail = withOrganization(call, metadata, trail(call));
        // (an organization trail a delegated administrator creates belongs to the management account)
        new IdentityRepository(metadata).lockAccount(trail.accountId());
        List<String> visibleIn = trail.multiRegion() ? regions : List.of(call.region());
        Optional<Trail> taken = Trails.nameTaken(metadata, trail.accountId(), trail.name(), visibleIn, Optional.empty());
        if (taken.isPresent()) {
            throw new CairnException(ErrorCode.TRAIL_ALREADY_EXISTS, "Trail " + trail.name() + " already exists for customer: " + trail.accountId());
        }
        Trails.checkTrailLimit(metadata, trail.accountId(), visibleIn, config.trailsPerRegion(), Optional.empty());
        Trails.checkCloudWatchLogs(metadata, trail, externalLogGroups);
        new TrailRepository(metadata).put(trail);
        return Trails.settings(trail);
    }

    /**
     * An organization trail names its organization, once the caller may create one ({@link Trails#organizationForTrail}),
     * and belongs to the organization's management account.
     */
    private static Trail withOrganization(CallContext call, MetadataReader metadata, Trail trail)
            throws IOException
    {
        if (!Trails.optionalBoolean(call, "IsOrganizationTrail").orElse(false)) {
            return trail;
        }
        Organization organization = Trails.organizationForTrail(call, metadata);
        Trail.Builder builder = trail.toBuilder();
        builder.organizationId = Optional.of(organization.id());
        // created by CloudTrail's delegated administrator, it is still the management account's trail, as in AWS
        builder.accountId = organization.managementAccountId();
        return builder.build();
    }

    private Trail trail(CallContext call)
    {
        Trail.Builder trail = new Trail.Builder();
        trail.accountId = call.accountId();
        trail.name = Trails.text(call, "Name");
        Trails.validateName(trail.name);
        trail.homeRegion = call.region();
        trail.s3BucketName = Trails.text(call, "S3BucketName");
        Trails.validateBucketName(trail.s3BucketName);
        trail.s3KeyPrefix = Trails.optionalText(call, "S3KeyPrefix").flatMap(Trails::validatePrefix);
        trail.snsTopicName = Trails.optionalText(call, "SnsTopicName").flatMap(Trails::validateTopic);
        trail.includeGlobalServiceEvents = Trails.optionalBoolean(call, "IncludeGlobalServiceEvents").orElse(true);
        trail.multiRegion = Trails.optionalBoolean(call, "IsMultiRegionTrail").orElse(false);
        if (trail.multiRegion && !trail.includeGlobalServiceEvents) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_COMBINATION, "Multi-Region trail must include global service events.");
        }
        trail.logFileValidationEnabled = Trails.optionalBoolean(call, "EnableLogFileValidation").orElse(false);
        Optional<String> group = Trails.optionalText(call, "CloudWatchLogsLogGroupArn");
        Optional<String> role = Trails.optionalText(call, "CloudWatchLogsRoleArn");
        Trails.validateCloudWatchLogs(group, role);
        trail.cloudWatchLogsLogGroupArn = group.filter(value -> !value.isEmpty());
        trail.cloudWatchLogsRoleArn = role.filter(value -> !value.isEmpty());
        trail.kmsKeyId = Trails.optionalText(call, "KmsKeyId").flatMap(key -> Trails.validateKmsKey(call, key));
        trail.tags = Trails.mergeTags(List.of(), Trails.tags(call.input().path("TagsList")));
        trail.created = call.receivedAt();
        return trail.build();
    }
}
