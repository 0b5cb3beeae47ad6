package dev.cairn.core.ops.cloudtrail;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.WriteOperation;
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
 * Changes the settings given; others keep their values. An empty string clears an optional setting (prefix, topic,
 * KMS key, CloudWatch Logs). Logging state, selectors and tags are untouched.
 */
public final class UpdateTrail
        implements TrailOperation, WriteOperation
{
    private final List<String> regions;
    private final TrailConfig config;
    private final BucketStore buckets;
    private final Optional<LogGroupTarget> externalLogGroups;

    public UpdateTrail(List<String> regions, TrailConfig config, BucketStore buckets, Optional<LogGroupTarget> externalLogGroups)
    {
        this.externalLogGroups = requireNonNull(externalLogGroups, "externalLogGroups is null");
        this.regions = List.copyOf(regions);
        this.config = requireNonNull(config, "config is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
    }

    @Override
    public String name()
    {
        return "UpdateTrail";
    }

    /**
     * A new bucket or prefix must let CloudTrail write, and a topic must exist, as CloudTrail checks them (unless
     * {@code --skip-bucket-policy-check}); reading a bucket policy is I/O, done before the call is queued.
     */
    @Override
    public void prepare(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Optional<String> bucket = Trails.optionalText(call, "S3BucketName");
        if (bucket.isPresent()) {
            Trails.requireBucket(buckets, bucket.get());
        }
        boolean destinationChanges = bucket.isPresent() || call.input().has("S3KeyPrefix") || Trails.optionalText(call, "SnsTopicName").filter(topic -> !topic.isEmpty()).isPresent()
                || Trails.optionalBoolean(call, "IsOrganizationTrail").orElse(false);
        if (config.checkBucketPolicy() && destinationChanges) {
            Trail existing = Trails.requireInHomeRegion(call, new TrailRepository(metadata), Trails.text(call, "Name"));
            DeliveryPermissions.check(buckets, updated(call, metadata, existing), metadata);
        }
        Trails.checkExternalLogGroup(Trails.optionalText(call, "CloudWatchLogsLogGroupArn"), externalLogGroups);
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        // trail names and limits are account-wide: one change at a time, also across nodes
        Trail existing = Trails.requireInHomeRegion(call, new TrailRepository(metadata), Trails.text(call, "Name"));
        // an organization trail changed by CloudTrail's delegated administrator is the management account's
        new IdentityRepository(metadata).lockAccount(existing.accountId());
        Trail updated = updated(call, metadata, existing);
        if (updated.multiRegion() && !existing.multiRegion()) {
            // becoming a shadow in every other region: names and limits there must allow it
            Optional<Trail> taken = Trails.nameTaken(metadata, existing.accountId(), updated.name(), regions, Optional.of(existing));
            if (taken.isPresent()) {
                throw new CairnException(ErrorCode.TRAIL_ALREADY_EXISTS, "Trail " + updated.name() + " already exists for customer: " + existing.accountId());
            }
            List<String> others = regions.stream().filter(region -> !region.equals(existing.homeRegion())).toList();
            Trails.checkTrailLimit(metadata, existing.accountId(), others, config.trailsPerRegion(), Optional.of(existing));
        }
        if (!updated.cloudWatchLogsLogGroupArn().equals(existing.cloudWatchLogsLogGroupArn()) || !updated.cloudWatchLogsRoleArn().equals(existing.cloudWatchLogsRoleArn())) {
            Trails.checkCloudWatchLogs(metadata, updated, externalLogGroups);
        }
        new TrailRepository(metadata).put(updated);
        return Trails.settings(updated);
    }

    /** The trail with the call's settings: those given change, others keep their values. */
    private static Trail updated(CallContext call, MetadataReader metadata, Trail existing)
            throws IOException
    {
        Trail.Builder trail = existing.toBuilder();
        Optional<String> bucket = Trails.optionalText(call, "S3BucketName");
        if (bucket.isPresent()) {
            Trails.validateBucketName(bucket.get());
            trail.s3BucketName = bucket.get();
        }
        Trails.optionalText(call, "S3KeyPrefix").ifPresent(prefix -> trail.s3KeyPrefix = Trails.validatePrefix(prefix));
        Trails.optionalText(call, "SnsTopicName").ifPresent(topic -> trail.snsTopicName = Trails.validateTopic(topic));
        Trails.optionalBoolean(call, "IncludeGlobalServiceEvents").ifPresent(value -> trail.includeGlobalServiceEvents = value);
        Trails.optionalBoolean(call, "IsMultiRegionTrail").ifPresent(value -> trail.multiRegion = value);
        Trails.optionalBoolean(call, "EnableLogFileValidation").ifPresent(value -> trail.logFileValidationEnabled = value);
        Optional<Boolean> organization = Trails.optionalBoolean(call, "IsOrganizationTrail");
        if (organization.isPresent()) {
            trail.organizationId = organization.get() ? Optional.of(Trails.organizationForTrail(call, metadata).id()) : Optional.empty();
        }
        if (trail.multiRegion && !trail.includeGlobalServiceEvents) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_COMBINATION, "Multi-Region trail must include global service events.");
        }
        Optional<String> group = Trails.optionalText(call, "CloudWatchLogsLogGroupArn");
        Optional<String> role = Trails.optionalText(call, "CloudWatchLogsRoleArn");
        if (group.isPresent() || role.isPresent()) {
            Optional<String> newGroup = group.isPresent() ? group : existing.cloudWatchLogsLogGroupArn();
            Optional<String> newRole = role.isPresent() ? role : existing.cloudWatchLogsRoleArn();
            Trails.validateCloudWatchLogs(newGroup, newRole);
            trail.cloudWatchLogsLogGroupArn = newGroup.filter(value -> !value.isEmpty());
            trail.cloudWatchLogsRoleArn = newRole.filter(value -> !value.isEmpty());
        }
        Trails.optionalText(call, "KmsKeyId").ifPresent(key -> trail.kmsKeyId = Trails.validateKmsKey(call, key));
        return trail.build();
    }
}
