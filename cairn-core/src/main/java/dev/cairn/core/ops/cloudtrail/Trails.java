package dev.cairn.core.ops.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.core.trail.BucketPolicies;
import dev.cairn.core.trail.CloudWatchLogsDestination;
import dev.cairn.core.trail.NotificationTopic;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.core.trail.TrailSource;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.LogGroupTarget;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the trail handlers share: names and ARNs, finding a trail as CloudTrail does, the rules for buckets, prefixes,
 * topics, keys and tags, and output shapes.
 */
final class Trails
{
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String TRAIL_TYPE = "AWS::CloudTrail::Trail";
    static final int MAXIMUM_TAGS = 50;
    static final int MAXIMUM_PREFIX_LENGTH = 200;

    private static final int MINIMUM_NAME_LENGTH = 3;
    private static final int MAXIMUM_NAME_LENGTH = 128;
    private static final Pattern NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9._-]*");
    private static final Pattern ADJACENT_PUNCTUATION = Pattern.compile("[._-]{2}");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern TRAIL_ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\\d{12}):trail/(.+)");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SNS_TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:([A-Za-z0-9_-]{1,256})");
    private static final Pattern KMS_KEY_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32}");
    private static final Pattern KMS_ALIAS = Pattern.compile("alias/[A-Za-z0-9/_-]{1,250}");
    private static final Pattern KMS_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/.+|alias/.+)");
    private static final Pattern LOG_GROUP_ARN = Pattern.compile("arn:aws[a-z-]*:logs:[a-z0-9-]+:\\d{12}:log-group:[A-Za-z0-9_/.#-]{1,512}(:\\*)?");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    private static final DateTimeFormatter STATUS_TIME = DateTimeFormatter.ISO_INSTANT;

    private Trails() {}

    static String text(CallContext call, String member)
    {
        return call.input().path(member).asText();
    }

    static Optional<String> optionalText(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asText()) : Optional.empty();
    }

    static Optional<Boolean> optionalBoolean(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asBoolean()) : Optional.empty();
    }

    static boolean isArn(String nameOrArn)
    {
        return nameOrArn.startsWith("arn:");
    }

    /** CloudTrail's naming rules, checked in CloudTrail's order, each failure with CloudTrail's message. */
    static void validateName(String name)
    {
        if (name.isBlank()) {
            throw invalidName("Trail name cannot be blank!");
        }
        if (name.length() < MINIMUM_NAME_LENGTH) {
            throw invalidName("Trail name too short. Minimum allowed length: " + MINIMUM_NAME_LENGTH + " characters. Specified name length: " + name.length() + " characters.");
        }
        if (name.length() > MAXIMUM_NAME_LENGTH) {
            throw invalidName("Trail name too long. Maximum allowed length: " + MAXIMUM_NAME_LENGTH + " characters. Specified name length: " + name.length() + " characters.");
        }
        if (!Character.isLetterOrDigit(name.charAt(0)) || name.charAt(0) > 127) {
            throw invalidName("Trail name must starts with a letter or number.");
        }
        if (!Character.isLetterOrDigit(name.charAt(name.length() - 1)) || name.charAt(name.length() - 1) > 127) {
            throw invalidName("Trail name must ends with a letter or number.");
        }
        if (!NAME_CHARACTERS.matcher(name).matches()) {
            throw invalidName("Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).");
        }
        if (ADJACENT_PUNCTUATION.matcher(name).find()) {
            throw invalidName("Trail name or ARN cannot have adjacent periods (.), hyphens (-), or underscores (_).");
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            throw invalidName("Trail names must not be formatted as an IP address.");
        }
    }

    private static CairnException invalidName(String message)
    {
        return new CairnException(ErrorCode.INVALID_TRAIL_NAME, message);
    }

    /** (home region, account, name) of a trail ARN. */
    record ParsedArn(String region, String accountId, String name)
    {
    }

    static ParsedArn parseArn(String arn)
    {
        Matcher matcher = TRAIL_ARN.matcher(arn);
        if (!matcher.matches()) {
            throw new CairnException(ErrorCode.CLOUDTRAIL_ARN_INVALID, "ARN " + arn + " is not a valid trail ARN: use arn:aws:cloudtrail:<region>:<account>:trail/<name>.");
        }
        return new ParsedArn(matcher.group(1), matcher.group(2), matcher.group(3));
    }

    /**
     * The trail a name or ARN denotes for the caller: an ARN finds the account's trail in any region; a name finds the
     * trail of that name in the call's region, its own before a multi-region trail's shadow.
     */
    static Optional<Trail> find(CallContext call, TrailSource trails, String nameOrArn)
            throws IOException
    {
        if (isArn(nameOrArn)) {
            ParsedArn arn = parseArn(nameOrArn);
            if (!arn.accountId().equals(call.accountId())) {
                // a member account sees its organization's trails
                return trails.organizationTrailsFor(call.accountId()).stream()
                        .filter(trail -> trail.accountId().equals(arn.accountId()) && trail.homeRegion().equals(arn.region()) && trail.name().equals(arn.name()))
                        .findFirst();
            }
            return trails.trail(arn.accountId(), arn.region(), arn.name());
        }
        validateName(nameOrArn);
        Optional<Trail> own = trails.trail(call.accountId(), call.region(), nameOrArn);
        if (own.isPresent()) {
            return own;
        }
        return trails.visibleWithOrganizationIn(call.accountId(), call.region()).stream().filter(trail -> trail.name().equals(nameOrArn)).findFirst();
    }

    static Trail require(CallContext call, TrailSource trails, String nameOrArn)
            throws IOException
    {
        return find(call, trails, nameOrArn).orElseThrow(() -> notFound(call, nameOrArn));
    }

    /**
     * As {@link #require}, for the operations whose {@code TrailNotFoundException} names the trail as the caller gave
     * it rather than as an ARN (GetTrail, PutEventSelectors, as CloudTrail answers them).
     */
    static Trail requireNamedAsGiven(CallContext call, TrailSource trails, String nameOrArn)
            throws IOException
    {
        return find(call, trails, nameOrArn).orElseThrow(() -> new CairnException(ErrorCode.TRAIL_NOT_FOUND, notFoundMessage(call, nameOrArn)));
    }

    /** For changes, which CloudTrail accepts only in the trail's home region. */
    static Trail requireInHomeRegion(CallContext call, TrailSource trails, String nameOrArn)
            throws IOException
    {
        return inHomeRegion(call, trails, require(call, trails, nameOrArn));
    }

    /** The trail, when the call is made in its home region. */
    static Trail inHomeRegion(CallContext call, TrailSource trails, Trail trail)
            throws IOException
    {
        if (!trail.accountId().equals(call.accountId()) && !trails.managesOrganizationTrail(call.accountId(), trail)) {
            // an organization trail, seen from a member account: only the management account (or CloudTrail's delegated
            // administrator) changes it
            throw new CairnException(ErrorCode.NOT_ORGANIZATION_MASTER_ACCOUNT, "The account " + call.accountId() + " is not the management account of the organization "
                    + "that owns " + trail.arn() + ", nor a delegated administrator for CloudTrail: a member account can see an organization trail but not change, stop "
                    + "or delete it.");
        }
        if (!trail.homeRegion().equals(call.region())) {
            throw new CairnException(ErrorCode.INVALID_HOME_REGION, "This operation must be called from the trail's home region, "
                    + trail.homeRegion() + "; " + trail.arn() + " is a shadow trail in " + call.region() + ".");
        }
        return trail;
    }

    /** CloudTrail's message, with the trail as an ARN in the call's region (GetTrailStatus, UpdateTrail, DeleteTrail, ...). */
    static CairnException notFound(CallContext call, String nameOrArn)
    {
        return new CairnException(ErrorCode.TRAIL_NOT_FOUND, notFoundMessage(call, resourceArn(call, nameOrArn)));
    }

    private static String notFoundMessage(CallContext call, String trail)
    {
        return "Unknown trail: " + trail + " for the user: " + call.accountId();
    }

    /** The ARN a name or ARN stands for, for authorization before the trail is looked up. */
    static String resourceArn(CallContext call, String nameOrArn)
    {
        return isArn(nameOrArn) ? nameOrArn : Trail.arn(call.region(), call.accountId(), nameOrArn);
    }

    static List<LookupResource> resource(CallContext call, String member)
    {
        return optionalText(call, member).map(name -> List.of(new LookupResource(TRAIL_TYPE, resourceArn(call, name)))).orElse(List.of());
    }

    static void validateBucketName(String bucket)
    {
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()) {
            throw new CairnException(ErrorCode.INVALID_S3_BUCKET_NAME, "Bucket name " + bucket + " is not valid: 3 to 63 lowercase letters, digits, "
                    + "periods and hyphens, starting and ending with a letter or digit.");
        }
    }

    static void requireBucket(BucketStore buckets, String bucket)
            throws IOException
    {
        validateBucketName(bucket);
        if (!buckets.bucketExists(bucket)) {
            throw new CairnException(ErrorCode.S3_BUCKET_DOES_NOT_EXIST, "S3 bucket " + bucket + " does not exist!");
        }
    }

    /** An empty prefix means none. */
    static Optional<String> validatePrefix(String prefix)
    {
        if (prefix.length() > MAXIMUM_PREFIX_LENGTH) {
            throw new CairnException(ErrorCode.INVALID_S3_PREFIX, "S3 key prefix is longer than " + MAXIMUM_PREFIX_LENGTH + " characters.");
        }
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        for (String segment : prefix.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new CairnException(ErrorCode.INVALID_S3_PREFIX, "S3 key prefix " + prefix + " must not contain . or .. segments.");
            }
        }
        if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
            throw new CairnException(ErrorCode.INVALID_S3_PREFIX, "S3 key prefix " + prefix + " must not start or end with / or contain //.");
        }
        return Optional.of(prefix);
    }

    /** A topic name or ARN, stored as the name; empty means none. */
    static Optional<String> validateTopic(String topic)
    {
        if (topic.isEmpty()) {
            return Optional.empty();
        }
        Matcher arn = SNS_TOPIC_ARN.matcher(topic);
        if (arn.matches()) {
            return Optional.of(arn.group(1));
        }
        if (!SNS_TOPIC.matcher(topic).matches()) {
            throw new CairnException(ErrorCode.INVALID_SNS_TOPIC_NAME, "SNS topic name " + topic + " is invalid.");
        }
        return Optional.of(topic);
    }

    /** A key id, alias or ARN, stored as a full ARN as CloudTrail reports it; empty means none. */
    static Optional<String> validateKmsKey(CallContext call, String key)
    {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String prefix = "arn:aws:kms:" + call.region() + ":" + call.accountId() + ":";
        if (KMS_ARN.matcher(key).matches()) {
            return Optional.of(key);
        }
        if (KMS_KEY_ID.matcher(key).matches()) {
            return Optional.of(prefix + "key/" + key);
        }
        if (KMS_ALIAS.matcher(key).matches()) {
            return Optional.of(prefix + key);
        }
        throw new CairnException(ErrorCode.INVALID_KMS_KEY_ID, "KMS key " + key + " is not a key id, alias or ARN.");
    }

    /** Both or neither; empty strings clear them. */
    static void validateCloudWatchLogs(Optional<String> group, Optional<String> role)
    {
        boolean hasGroup = group.isPresent() && !group.get().isEmpty();
        boolean hasRole = role.isPresent() && !role.get().isEmpty();
        if (hasGroup && !LOG_GROUP_ARN.matcher(group.get()).matches()) {
            throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_LOG_GROUP_ARN, "CloudWatch Logs log group ARN " + group.get() + " is invalid.");
        }
        if (hasRole && !ROLE_ARN.matcher(role.get()).matches()) {
            throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_ROLE_ARN, "CloudWatch Logs role ARN " + role.get() + " is invalid.");
        }
        if (hasGroup && !hasRole) {
            throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_ROLE_ARN, "You must specify a role ARN with the CloudWatch Logs log group.");
        }
        if (hasRole && !hasGroup) {
            throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_LOG_GROUP_ARN, "You must specify a log group ARN with the CloudWatch Logs role.");
        }
    }

    /** A trail with a log group: CloudTrail could deliver to it ({@link CloudWatchLogsDestination#check}). */
    static void checkCloudWatchLogs(MetadataReader metadata, Trail trail, Optional<LogGroupTarget> externalLogGroups)
            throws IOException
    {
        if (trail.cloudWatchLogsLogGroupArn().isPresent() && trail.cloudWatchLogsRoleArn().isPresent()) {
            CloudWatchLogsDestination.check(metadata, trail.accountId(), trail.homeRegion(), trail.cloudWatchLogsLogGroupArn().get(), trail.cloudWatchLogsRoleArn().get(),
                    externalLogGroups.isPresent());
        }
    }

    /** A log group in an external CloudWatch Logs service must exist there: I/O, done before the call is queued. */
    static void checkExternalLogGroup(Optional<String> groupArn, Optional<LogGroupTarget> externalLogGroups)
            throws IOException
    {
        if (groupArn.isPresent() && !groupArn.get().isEmpty() && externalLogGroups.isPresent()) {
            CloudWatchLogsDestination.checkExternal(externalLogGroups.get(), groupArn.get());
        }
    }

    /** Tags given in a request, checked; the same key twice keeps the last value. */
    static List<Trail.Tag> tags(JsonNode list)
    {
        Map<String, Trail.Tag> tags = new LinkedHashMap<>();
        for (JsonNode tag : list) {
            String key = tag.path("Key").asText();
            if (key.startsWith("aws:")) {
                throw new CairnException(ErrorCode.INVALID_TAG_PARAMETER, "Tag keys starting with aws: are reserved.");
            }
            Optional<String> value = tag.hasNonNull("Value") ? Optional.of(tag.get("Value").asText()) : Optional.empty();
            tags.put(key, new Trail.Tag(key, value));
        }
        return new ArrayList<>(tags.values());
    }

    static List<Trail.Tag> mergeTags(List<Trail.Tag> existing, List<Trail.Tag> added)
    {
        Map<String, Trail.Tag> tags = new LinkedHashMap<>();
        existing.forEach(tag -> tags.put(tag.key(), tag));
        added.forEach(tag -> tags.put(tag.key(), tag));
        if (tags.size() > MAXIMUM_TAGS) {
            throw new CairnException(ErrorCode.TAGS_LIMIT_EXCEEDED, "A trail can have at most " + MAXIMUM_TAGS + " tags; this would make " + tags.size() + ".");
        }
        return new ArrayList<>(tags.values());
    }

    static ArrayNode tagList(List<Trail.Tag> tags)
    {
        ArrayNode list = NODES.arrayNode();
        for (Trail.Tag tag : tags) {
            ObjectNode node = list.addObject();
            node.put("Key", tag.key());
            tag.value().ifPresent(value -> node.put("Value", value));
        }
        return list;
    }

    static void checkTrailLimit(MetadataReader metadata, String accountId, List<String> regions, int limit, Optional<Trail> except)
            throws IOException
    {
        TrailRepository trails = new TrailRepository(metadata);
        List<Trail> all = trails.trails(accountId);
        for (String region : regions) {
            long count = all.stream()
                    .filter(trail -> trail.visibleIn(region))
                    .filter(trail -> except.isEmpty() || !trail.arn().equals(except.get().arn()))
                    .count();
            if (count >= limit) {
                throw new CairnException(ErrorCode.MAXIMUM_NUMBER_OF_TRAILS_EXCEEDED, "User: " + accountId + " already has " + count + " trails in "
                        + region + "; the most a region can have is " + limit + ".");
            }
        }
    }

    /** A trail of the same name in any of the regions (its own or a shadow), other than {@code except}. */
    static Optional<Trail> nameTaken(MetadataReader metadata, String accountId, String name, List<String> regions, Optional<Trail> except)
            throws IOException
    {
        return new TrailRepository(metadata).trails(accountId).stream()
                .filter(trail -> trail.name().equals(name))
                .filter(trail -> except.isEmpty() || !trail.arn().equals(except.get().arn()))
                .filter(trail -> regions.stream().anyMatch(trail::visibleIn))
                .findFirst();
    }

    /**
     * The organization an organization trail of the caller's logs, as CloudTrail checks it: the caller's account must
     * be the management account of an organization with all features, which has enabled trusted access for
     * CloudTrail.
     */
    static Organization organizationForTrail(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = organizations.organizationOf(call.accountId())
                .orElseThrow(() -> new CairnException(ErrorCode.ORGANIZATIONS_NOT_IN_USE, "This account is not a member of an organization; create an organization "
                        + "trail from an organization's management account."));
        if (!managesOrganizationTrails(organizations, organization, call.accountId())) {
            throw new CairnException(ErrorCode.NOT_ORGANIZATION_MASTER_ACCOUNT, "The account " + call.accountId() + " is neither the management account of organization "
                    + organization.id() + " nor a delegated administrator for CloudTrail: it cannot create or change an organization trail.");
        }
        requireCloudTrailAccess(organizations, organization);
        return organization;
    }

    /** Organization trails and CloudTrail's delegated administrators need the organization's trusted access for CloudTrail. */
    static void requireCloudTrailAccess(OrganizationRepository organizations, Organization organization)
            throws IOException
    {
        if (organizations.enabledService(organization.id(), BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL).isEmpty()) {
            throw new CairnException(ErrorCode.CLOUDTRAIL_ACCESS_NOT_ENABLED, "CloudTrail access is not enabled for organization " + organization.id()
                    + ": enable trusted access for " + BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL + " (organizations:EnableAWSServiceAccess) first.");
        }
    }

    /** The management account, and CloudTrail's delegated administrators (RegisterOrganizationDelegatedAdmin). */
    static boolean managesOrganizationTrails(OrganizationRepository organizations, Organization organization, String accountId)
            throws IOException
    {
        return organization.managementAccountId().equals(accountId)
                || organizations.isDelegatedAdministrator(organization.id(), accountId, BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL);
    }

    /** The members CreateTrail and UpdateTrail answer with. */
    static ObjectNode settings(Trail trail)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Name", trail.name());
        node.put("S3BucketName", trail.s3BucketName());
        trail.s3KeyPrefix().ifPresent(prefix -> node.put("S3KeyPrefix", prefix));
        NotificationTopic.of(trail).ifPresent(topic -> {
            node.put("SnsTopicName", topic.name());
            node.put("SnsTopicARN", "arn:aws:sns:" + topic.region() + ":" + topic.accountId() + ":" + topic.name());
        });
        node.put("IncludeGlobalServiceEvents", trail.includeGlobalServiceEvents());
        node.put("IsMultiRegionTrail", trail.multiRegion());
        node.put("TrailARN", trail.arn());
        node.put("LogFileValidationEnabled", trail.logFileValidationEnabled());
        trail.cloudWatchLogsLogGroupArn().ifPresent(arn -> node.put("CloudWatchLogsLogGroupArn", arn));
        trail.cloudWatchLogsRoleArn().ifPresent(arn -> node.put("CloudWatchLogsRoleArn", arn));
        trail.kmsKeyId().ifPresent(key -> node.put("KmsKeyId", key));
        node.put("IsOrganizationTrail", trail.isOrganizationTrail());
        return node;
    }

    /** The {@code Trail} shape of GetTrail and DescribeTrails. */
    static ObjectNode trail(Trail trail)
    {
        ObjectNode node = settings(trail);
        node.put("HomeRegion", trail.homeRegion());
        node.put("HasCustomEventSelectors", trail.eventSelectors().isPresent() || trail.advancedEventSelectors().isPresent());
        node.put("HasInsightSelectors", trail.insightSelectors().isPresent());
        return node;
    }

    static ObjectNode trailInfo(Trail trail)
    {
        ObjectNode node = NODES.objectNode();
        node.put("TrailARN", trail.arn());
        node.put("Name", trail.name());
        node.put("HomeRegion", trail.homeRegion());
        return node;
    }

    /** The text form GetTrailStatus uses in its string-typed time members. */
    static String statusTime(Instant time)
    {
        return STATUS_TIME.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    static double epochSeconds(Instant time)
    {
        return time.toEpochMilli() / 1000.0;
    }
}
