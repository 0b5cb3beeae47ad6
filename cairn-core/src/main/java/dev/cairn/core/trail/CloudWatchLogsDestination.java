package dev.cairn.core.trail;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.IdentityService;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.Decision;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.iam.policy.PolicyEvaluator;
import dev.cairn.core.iam.policy.PolicyPrincipal;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.spi.LogGroupTarget;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trail's CloudWatch Logs log group ({@code CloudWatchLogsLogGroupArn}, as CloudTrail takes it: with or without
 * {@code :*}), where its events go, one log event per record, to the stream {@code <account>_CloudTrail_<region>}.
 * CloudTrail delivers by assuming the trail's {@code CloudWatchLogsRoleArn}; {@link #check} checks on Create/UpdateTrail
 * what that needs, as CloudTrail does: the group exists in the trail's account, the role exists there and trusts
 * {@code cloudtrail.amazonaws.com}, and its policies allow {@code logs:CreateLogStream} and {@code logs:PutLogEvents}
 * on the trail's streams. With an external CloudWatch Logs service ({@code --cloudwatch-logs-endpoint}) the group is
 * looked for there, by name in the ARN's region.
 */
public record CloudWatchLogsDestination(String accountId, String region, String groupName)
{
    private static final Pattern GROUP_ARN = Pattern.compile("arn:aws[a-z-]*:logs:([a-z0-9-]+):(\\d{12}):log-group:([^:]+)(:\\*)?");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:.*/)?([^/]+)");
    private static final String CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com";
    private static final List<String> DELIVERY_ACTIONS = List.of("logs:CreateLogStream", "logs:PutLogEvents");

    public CloudWatchLogsDestination
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(groupName, "groupName is null");
    }

    /** The trail's destination, empty for a trail without one (or with an ARN that no longer parses). */
    public static Optional<CloudWatchLogsDestination> of(Trail trail)
    {
        return trail.cloudWatchLogsLogGroupArn().flatMap(CloudWatchLogsDestination::parse);
    }

    static Optional<CloudWatchLogsDestination> parse(String groupArn)
    {
        Matcher matcher = GROUP_ARN.matcher(groupArn);
        return matcher.matches() ? Optional.of(new CloudWatchLogsDestination(matcher.group(2), matcher.group(1), matcher.group(3))) : Optional.empty();
    }

    /** The stream CloudTrail writes one account's events from one region to. */
    public static String streamName(String accountId, String region)
    {
        return accountId + "_CloudTrail_" + region;
    }

    /**
     * Checks that the log group of {@code groupArn} exists in the external CloudWatch Logs service, by name in the
     * ARN's region (an ARN that does not parse is left to {@link #check}).
     */
    public static void checkExternal(LogGroupTarget external, String groupArn)
            throws IOException
    {
        Optional<CloudWatchLogsDestination> destination = parse(groupArn);
        if (destination.isPresent() && !external.logGroupExists(destination.get().region(), destination.get().groupName())) {
            throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_LOG_GROUP_ARN,
                    "Log group " + destination.get().groupName() + " does not exist in " + destination.get().region() + " at " + external.describe() + ".");
        }
    }

    /**
     * Checks, as CloudTrail does when a trail gets a log group, that delivery can work.
     *
     * @throws CairnException {@code InvalidCloudWatchLogsLogGroupArnException} for a group that is not the trail's
     *         account's or does not exist, {@code InvalidCloudWatchLogsRoleArnException} for a role that does not
     *         exist, does not trust CloudTrail, or may not create streams and put events in the group
     */
    public static void check(MetadataReader reader, String trailAccountId, String trailRegion, String groupArn, String roleArn, boolean external)
            throws IOException
    {
        CloudWatchLogsDestination destination = parse(groupArn)
                .orElseThrow(() -> new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_LOG_GROUP_ARN, "CloudWatch Logs log group ARN " + groupArn + " is invalid."));
        if (!destination.accountId().equals(trailAccountId)) {
            throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_LOG_GROUP_ARN, "Log group " + groupArn + " does not exist in account " + trailAccountId + ".");
        }
        // an external service's group is looked for before the call is queued (checkExternal): I/O stays out of the batch
        if (!external && new LogGroupRepository(reader).group(destination.accountId(), destination.region(), destination.groupName()).isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_LOG_GROUP_ARN, "Log group " + groupArn + " does not exist in account " + trailAccountId + ".");
        }
        Matcher role = ROLE_ARN.matcher(roleArn);
        Optional<IamRole> found = role.matches() && role.group(1).equals(trailAccountId)
                ? new RoleRepository(reader).role(role.group(1), role.group(2)).filter(candidate -> candidate.arn().equals(roleArn))
                : Optional.empty();
        if (found.isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_ROLE_ARN, "Role " + roleArn + " does not exist in account " + trailAccountId + ".");
        }
        AuthorizationRequest assume = new AuthorizationRequest("sts:AssumeRole", roleArn, Map.of());
        PolicyEvaluator.TrustDecision trusted = PolicyEvaluator.evaluateTrustPolicy(PolicyDocument.parseStoredTrustPolicy(found.get().assumeRolePolicyDocument()),
                PolicyPrincipal.service(CLOUDTRAIL_SERVICE), assume);
        if (trusted != PolicyEvaluator.TrustDecision.ALLOWED_BY_NAME && trusted != PolicyEvaluator.TrustDecision.ALLOWED_FOR_ACCOUNT) {
            throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_ROLE_ARN, "Access denied. The role " + roleArn + " does not trust " + CLOUDTRAIL_SERVICE + ".");
        }
        List<PolicyDocument> policies = IdentityService.rolePolicies(reader, found.get().accountId(), found.get().roleName());
        String stream = LogGroup.streamArn(destination.accountId(), destination.region(), destination.groupName(), streamName(trailAccountId, trailRegion));
        for (String action : DELIVERY_ACTIONS) {
            if (PolicyEvaluator.evaluate(policies, new AuthorizationRequest(action, stream, Map.of())) != Decision.ALLOW) {
                throw new CairnException(ErrorCode.INVALID_CLOUDWATCH_LOGS_ROLE_ARN,
                        "Access denied. Verify in IAM that the role has adequate permissions: it must allow " + action + " on " + stream + ".");
            }
        }
    }
}
