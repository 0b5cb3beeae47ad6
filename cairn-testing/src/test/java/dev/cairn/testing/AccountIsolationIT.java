package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Accounts;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.trail.BucketPolicies;
import dev.cairn.core.ops.Operation;
import dev.cairn.core.ops.UnsupportedOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.Destination;
import software.amazon.awssdk.services.cloudtrail.model.DestinationType;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.InsightSelector;
import software.amazon.awssdk.services.cloudtrail.model.InsightType;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Account isolation, against the real server. Two accounts, alpha and bravo, have the same kinds of things: a
 * multi-region trail (its bucket, event and insight selectors, tags, logging), a user with an access key, inline and
 * attached policies and a login profile, a group with that member and policies, a role with a trust policy, policies
 * and tags, an account alias, and an administrator (a key, a console session, and a role session of its own account).
 * Each account manages an organization of its own: an OU, a member account it created (in the OU), trusted access for
 * CloudTrail and for another service, and that member as delegated administrator for both. Each has a CloudWatch Logs
 * log group (tagged, with a retention) holding a stream, an EventBridge rule on its default bus with that log group as
 * its target, an EventBridge connection (basic authorization) with an API destination, and an SNS topic (tagged, with a
 * display name) with a pending HTTPS subscription.
 * Nothing of one account is visible or changeable from the other, except through a role the other lets it assume.
 * <p>
 * The core is a table, {@link #entries()}: for every operation the server's registry serves, how one account reaches
 * for the other's things through it (by name, by ARN with the other's account id, by key id, by event id or token) and
 * what it must get. Every attempt is made in both directions, through each {@link Channel} (root key, administrator
 * key, console session, role session), and each answer must
 * <ul>
 * <li>be the expected error, or a success whose check passes;</li>
 * <li>name nothing of the other account (its id, names, ids, keys) that the request did not name itself;</li>
 * <li>be the answer to the same attempt on things the other account does not have (its "ghost": other names, made-up
 * ids, the same account id), so that no answer tells what the other account has; the few answers AWS lets tell
 * something say so ({@link Attempt#tellsExistence}).</li>
 * </ul>
 * Both accounts' state is compared before and after the table.
 * <p>
 * This is the suite new operations must join: an operation the registry serves without an entry fails
 * {@link #everyServedOperationHasAnEntry()} with what to add.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class AccountIsolationIT
{
    /** A Lake query id no account has (queries are each account's own). */
    private static final String UNKNOWN_QUERY = "00000000-0000-4000-8000-00000000abcd";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "us-east-1";
    private static final String OTHER_REGION = "us-west-2";
    private static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
    private static final String EC2_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
            + "\"Action\":\"sts:AssumeRole\"}]}";
    private static final String ALLOW_EVERYTHING = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    private static final String ROLE_SESSION_NAME = "operator-session";
    /** Matches no event these calls record: the fixture's rule delivers nothing to its log group, whose state is compared. */
    private static final String RULE_PATTERN = "{\"source\":[\"aws.cairn-fixture\"]}";
    private static final String CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com";
    /** The role a member account an organization creates has, for the management account. */
    private static final String ACCESS_ROLE = "OrganizationAccountAccessRole";
    private static final Pattern QUERY_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern QUERY_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    /** Attempts run concurrently (their answers wait for the journal's commits, which group concurrent calls). */
    private static final int THREADS = 8;

    private TestingCairnServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Path> buckets = new LinkedHashMap<>();
    private Tenant alpha;
    private Tenant bravo;

    // ---------------------------------------------------------------------------------------------------------------
    // the two accounts

    /** Access keys, with a session token for temporary ones. */
    private record Keys(String accessKeyId, String secretAccessKey, Optional<String> sessionToken)
    {
        AwsCredentialsProvider provider()
        {
            return sessionToken.<AwsCredentialsProvider>map(token -> StaticCredentialsProvider.create(AwsSessionCredentials.create(accessKeyId, secretAccessKey, token)))
                    .orElseGet(() -> TestingCairnServer.credentials(accessKeyId, secretAccessKey));
        }
    }

    /** A signed-in console session: its cookie and CSRF token. */
    private record ConsoleSession(String cookie, String csrfToken)
    {
    }

    /**
     * The organization an account manages: its ids, and the service besides CloudTrail it gave trusted access (its
     * member is delegated administrator for both).
     */
    private record TenantOrganization(String organizationId, String rootId, String organizationalUnitId, String memberAccountId, String createAccountRequestId,
            String servicePrincipal)
    {
        List<String> ids()
        {
            return List.of(organizationId, rootId, organizationalUnitId, memberAccountId, createAccountRequestId);
        }

        TenantOrganization ghost()
        {
            return new TenantOrganization(Tenant.ghostId(organizationId), Tenant.ghostId(rootId), Tenant.ghostId(organizationalUnitId), Tenant.ghostId(memberAccountId),
                    Tenant.ghostId(createAccountRequestId), servicePrincipal);
        }
    }

    /**
     * One account's fixture. Names derive from the prefix. Its {@link #ghost()} has another prefix and made-up ids in
     * the same account: things the account does not have.
     */
    private record Tenant(String prefix, String accountId, Keys root, Keys administrator, Keys roleSession, ConsoleSession console, String administratorId,
            String userId, String userKeyId, String groupId, String roleId, String fixturePolicyArn, String eventId, String nextToken, TenantOrganization organization,
            String connectionId, String storeId, String externalStoreId, String channelId)
    {
        String userName()
        {
            return prefix + "-user";
        }

        String administratorName()
        {
            return prefix + "-admin";
        }

        String groupName()
        {
            return prefix + "-group";
        }

        String roleName()
        {
            return prefix + "-role";
        }

        /** The role the administrator's role session is of. */
        String operatorRoleName()
        {
            return prefix + "-operator";
        }

        String path()
        {
            return "/" + prefix + "-path/";
        }

        String trailName()
        {
            return prefix + "-trail";
        }

        String bucket()
        {
            return prefix + "-logs";
        }

        String alias()
        {
            return prefix + "-corp";
        }

        String userPolicyName()
        {
            return prefix + "-user-policy";
        }

        String groupPolicyName()
        {
            return prefix + "-group-policy";
        }

        String rolePolicyName()
        {
            return prefix + "-role-policy";
        }

        String tagKey()
        {
            return prefix + "-tag-key";
        }

        String tagValue()
        {
            return prefix + "-tag-value";
        }

        /** The user's console password (the administrator's too). */
        String password()
        {
            return capitalized(prefix) + "-Passw0rd-1";
        }

        String organizationalUnitName()
        {
            return prefix + "-unit";
        }

        /** The name of the member account the account's organization created. */
        String memberAccountName()
        {
            return prefix + "-member";
        }

        String memberEmail()
        {
            return prefix + "-member@example.com";
        }

        String logGroupName()
        {
            return prefix + "-log-group";
        }

        String logStreamName()
        {
            return prefix + "-log-stream";
        }

        String metricFilterName()
        {
            return prefix + "-metric-filter";
        }

        String metricName()
        {
            return prefix + "-metric";
        }

        String ruleName()
        {
            return prefix + "-rule";
        }

        String ruleArn()
        {
            return "arn:aws:events:" + REGION + ":" + accountId + ":rule/" + ruleName();
        }

        String connectionName()
        {
            return prefix + "-connection";
        }

        String connectionArn()
        {
            return "arn:aws:events:" + REGION + ":" + accountId + ":connection/" + connectionName() + "/" + connectionId;
        }

        String apiDestinationName()
        {
            return prefix + "-destination";
        }

        String eventBusArn()
        {
            return "arn:aws:events:" + REGION + ":" + accountId + ":event-bus/default";
        }

        /** The log group's ARN (without {@code :*}), in the table's region. */
        String topicName()
        {
            return prefix + "-topic";
        }

        /** The topic's ARN, in the table's region. */
        String topicArn()
        {
            return "arn:aws:sns:" + REGION + ":" + accountId + ":" + topicName();
        }

        String subscriptionEndpoint()
        {
            return "https://" + prefix + ".example.com/sns";
        }

        String logGroupArn()
        {
            return "arn:aws:logs:" + REGION + ":" + accountId + ":log-group:" + logGroupName();
        }

        String trailArn()
        {
            return "arn:aws:cloudtrail:" + REGION + ":" + accountId + ":trail/" + trailName();
        }

        /** A multi-region event data store of CloudTrail events. */
        String storeName()
        {
            return prefix + "-store";
        }

        String storeArn()
        {
            return "arn:aws:cloudtrail:" + REGION + ":" + accountId + ":eventdatastore/" + storeId;
        }

        /** A single-region event data store of events from outside AWS, the destination of the channel. */
        String externalStoreName()
        {
            return prefix + "-external-store";
        }

        String externalStoreArn()
        {
            return "arn:aws:cloudtrail:" + REGION + ":" + accountId + ":eventdatastore/" + externalStoreId;
        }

        String channelName()
        {
            return prefix + "-channel";
        }

        String channelArn()
        {
            return "arn:aws:cloudtrail:" + REGION + ":" + accountId + ":channel/" + channelId;
        }

        String userArn()
        {
            return "arn:aws:iam::" + accountId + ":user" + path() + userName();
        }

        String roleArn()
        {
            return "arn:aws:iam::" + accountId + ":role" + path() + roleName();
        }

        /** A customer managed policy ARN in this account (Cairn has none: never attachable). */
        String customerPolicyArn()
        {
            return "arn:aws:iam::" + accountId + ":policy/" + prefix + "-policy";
        }

        /** What names this account's things: never in another account's answers unless its request named it. */
        List<String> markers()
        {
            List<String> markers = new ArrayList<>(List.of(accountId, userName(), administratorName(), groupName(), roleName(), operatorRoleName(), prefix + "-path",
                    trailName(), bucket(), alias(), userPolicyName(), groupPolicyName(), rolePolicyName(), tagKey(), tagValue(), root.accessKeyId(),
                    administrator.accessKeyId(), roleSession.accessKeyId(), administratorId, userId, userKeyId, groupId, roleId, eventId, organizationalUnitName(),
                    memberAccountName(), memberEmail(), logGroupName(), logStreamName(), ruleName(), connectionName(), apiDestinationName(), connectionId, topicName(),
                    subscriptionEndpoint(), storeName(), externalStoreName(), channelName(), storeId, externalStoreId, channelId));
            markers.addAll(organization.ids());
            return markers;
        }

        Tenant withConnectionId(String newConnectionId)
        {
            return new Tenant(prefix, accountId, root, administrator, roleSession, console, administratorId, userId, userKeyId, groupId, roleId, fixturePolicyArn, eventId,
                    nextToken, organization, newConnectionId, storeId, externalStoreId, channelId);
        }

        /** Things of the same kinds and forms that this account does not have. */
        Tenant ghost()
        {
            String ghostPrefix = prefix.substring(0, prefix.length() - 1) + "x";
            return new Tenant(ghostPrefix, accountId, ghostKeys(root), ghostKeys(administrator), ghostKeys(roleSession), console, ghostId(administratorId),
                    ghostId(userId), ghostId(userKeyId), ghostId(groupId), ghostId(roleId), fixturePolicyArn, ghostId(eventId), ghostId(nextToken), organization.ghost(),
                    ghostId(connectionId), ghostId(storeId), ghostId(externalStoreId), ghostId(channelId));
        }

        /** Turns what a ghost's answer says back into what this account's would. */
        String unghost(Tenant ghost, String text)
        {
            String result = text.replace(ghost.prefix + "-", prefix + "-").replace(capitalized(ghost.prefix), capitalized(prefix));
            List<String> real = new ArrayList<>(List.of(root.accessKeyId(), administrator.accessKeyId(), roleSession.accessKeyId(), administratorId, userId, userKeyId,
                    groupId, roleId, eventId, nextToken, connectionId, storeId, externalStoreId, channelId));
            real.addAll(organization.ids());
            List<String> ghosts = new ArrayList<>(List.of(ghost.root.accessKeyId(), ghost.administrator.accessKeyId(), ghost.roleSession.accessKeyId(),
                    ghost.administratorId, ghost.userId, ghost.userKeyId, ghost.groupId, ghost.roleId, ghost.eventId, ghost.nextToken, ghost.connectionId,
                    ghost.storeId, ghost.externalStoreId, ghost.channelId));
            ghosts.addAll(ghost.organization.ids());
            for (int i = 0; i < real.size(); i++) {
                result = result.replace(ghosts.get(i), real.get(i));
            }
            return result;
        }

        private static Keys ghostKeys(Keys keys)
        {
            return new Keys(ghostId(keys.accessKeyId()), keys.secretAccessKey(), keys.sessionToken());
        }

        /** An id of the same length and alphabet, but another: each character moved along its own alphabet. */
        private static String ghostId(String id)
        {
            StringBuilder ghost = new StringBuilder(id.substring(0, Math.min(4, id.length())));
            for (int i = ghost.length(); i < id.length(); i++) {
                char c = id.charAt(i);
                if (c >= 'A' && c <= 'Z') {
                    c = c == 'Z' ? 'A' : (char) (c + 1);
                }
                else if (c >= 'a' && c <= 'z') {
                    c = c == 'z' ? 'a' : (char) (c + 1);
                }
                else if (c >= '2' && c <= '7') {
                    c = c == '7' ? '2' : (char) (c + 1);
                }
                else if (c >= '0' && c <= '9') {
                    c = c == '9' ? '0' : (char) (c + 1);
                }
                ghost.append(c);
            }
            return ghost.toString();
        }
    }

    private static String capitalized(String text)
    {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @BeforeAll
    public void start()
            throws Exception
    {
        server = TestingCairnServer.start();
        alpha = setUp("alpha", "arn:aws:iam::aws:policy/ReadOnlyAccess", "config.amazonaws.com");
        bravo = setUp("bravo", "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess", "guardduty.amazonaws.com");
    }

    @AfterAll
    public void stop()
    {
        server.close();
    }

    private Tenant setUp(String prefix, String fixturePolicyArn, String servicePrincipal)
            throws Exception
    {
        Accounts.RootCredentials account = server.createAccount();
        Keys root = new Keys(account.accessKeyId(), account.secretAccessKey(), Optional.empty());
        // names derive from the prefix: a tenant without ids yet names them
        Tenant names = new Tenant(prefix, account.accountId(), root, root, root, new ConsoleSession("", ""), "", "", "", "", "", fixturePolicyArn, "", "",
                new TenantOrganization("", "", "", "", "", servicePrincipal), "", "", "", "");
        String trailArn;
        String storeId;
        String externalStoreId;
        String channelId;
        String userId;
        String userKeyId;
        String groupId;
        String roleId;
        String administratorId;
        Keys administrator;
        try (IamClient iam = server.iam(root.provider()); CloudTrailClient cloudTrail = server.cloudTrail(root.provider(), REGION)) {
            buckets.put(names.bucket(), server.createBucketDirectory(names.bucket()));
            // as 'cairn create-bucket --account' makes it: only this account's trails may deliver there
            server.putBucketPolicy(names.bucket(), BucketPolicies.cloudTrail(names.bucket(), Optional.empty(), List.of(names.accountId())));
            trailArn = cloudTrail.createTrail(request -> request.name(names.trailName()).s3BucketName(names.bucket()).isMultiRegionTrail(true)
                    .tagsList(software.amazon.awssdk.services.cloudtrail.model.Tag.builder().key(names.tagKey()).value(names.tagValue()).build())).trailARN();
            assertThat(trailArn).isEqualTo(names.trailArn());
            cloudTrail.putEventSelectors(request -> request.trailName(names.trailName())
                    .eventSelectors(EventSelector.builder().readWriteType(ReadWriteType.ALL).includeManagementEvents(true).build()));
            cloudTrail.putInsightSelectors(request -> request.trailName(names.trailName())
                    .insightSelectors(InsightSelector.builder().insightType(InsightType.API_CALL_RATE_INSIGHT).build()));
            cloudTrail.startLogging(request -> request.name(names.trailName()));
            // CloudTrail Lake: a store of CloudTrail events, a store of events from outside AWS, a channel to it with a resource policy
            software.amazon.awssdk.services.cloudtrail.model.Tag lakeTag = software.amazon.awssdk.services.cloudtrail.model.Tag.builder().key(names.tagKey())
                    .value(names.tagValue()).build();
            String storeArn = cloudTrail.createEventDataStore(request -> request.name(names.storeName()).tagsList(lakeTag)).eventDataStoreArn();
            storeId = storeArn.substring(storeArn.lastIndexOf('/') + 1);
            String externalStoreArn = cloudTrail.createEventDataStore(request -> request.name(names.externalStoreName()).multiRegionEnabled(false)
                    .advancedEventSelectors(AdvancedEventSelector.builder().fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory")
                            .equalsValue("ActivityAuditLog").build()).build())).eventDataStoreArn();
            externalStoreId = externalStoreArn.substring(externalStoreArn.lastIndexOf('/') + 1);
            String channelArn = cloudTrail.createChannel(request -> request.name(names.channelName()).source("Custom").tags(lakeTag)
                    .destinations(Destination.builder().type(DestinationType.EVENT_DATA_STORE).location(externalStoreArn).build())).channelArn();
            channelId = channelArn.substring(channelArn.lastIndexOf('/') + 1);
            cloudTrail.putResourcePolicy(request -> request.resourceArn(channelArn).resourcePolicy(channelPolicy(channelArn, names.accountId())));

            userId = iam.createUser(request -> request.userName(names.userName()).path(names.path())).user().userId();
            userKeyId = iam.createAccessKey(request -> request.userName(names.userName())).accessKey().accessKeyId();
            iam.putUserPolicy(request -> request.userName(names.userName()).policyName(names.userPolicyName()).policyDocument(allow("cloudtrail:Describe*")));
            iam.attachUserPolicy(request -> request.userName(names.userName()).policyArn(fixturePolicyArn));
            iam.createLoginProfile(request -> request.userName(names.userName()).password(names.password()));

            groupId = iam.createGroup(request -> request.groupName(names.groupName()).path(names.path())).group().groupId();
            iam.addUserToGroup(request -> request.groupName(names.groupName()).userName(names.userName()));
            iam.putGroupPolicy(request -> request.groupName(names.groupName()).policyName(names.groupPolicyName()).policyDocument(allow("cloudtrail:Get*")));
            iam.attachGroupPolicy(request -> request.groupName(names.groupName()).policyArn(fixturePolicyArn));

            roleId = iam.createRole(request -> request.roleName(names.roleName()).path(names.path()).assumeRolePolicyDocument(EC2_TRUST)
                    .tags(software.amazon.awssdk.services.iam.model.Tag.builder().key(names.tagKey()).value(names.tagValue()).build())).role().roleId();
            iam.putRolePolicy(request -> request.roleName(names.roleName()).policyName(names.rolePolicyName()).policyDocument(allow("iam:Get*")));
            iam.attachRolePolicy(request -> request.roleName(names.roleName()).policyArn(fixturePolicyArn));

            iam.createAccountAlias(request -> request.accountAlias(names.alias()));

            administratorId = iam.createUser(request -> request.userName(names.administratorName())).user().userId();
            iam.attachUserPolicy(request -> request.userName(names.administratorName()).policyArn(ADMINISTRATOR_ACCESS));
            iam.createLoginProfile(request -> request.userName(names.administratorName()).password(names.password()));
            AccessKey key = iam.createAccessKey(request -> request.userName(names.administratorName())).accessKey();
            administrator = new Keys(key.accessKeyId(), key.secretAccessKey(), Optional.empty());
            iam.createRole(request -> request.roleName(names.operatorRoleName()).assumeRolePolicyDocument(
                    trust("arn:aws:iam::" + names.accountId() + ":user/" + names.administratorName())));
            iam.attachRolePolicy(request -> request.roleName(names.operatorRoleName()).policyArn(ADMINISTRATOR_ACCESS));
        }
        Keys roleSession;
        try (StsClient sts = server.sts(administrator.provider())) {
            Credentials credentials = sts.assumeRole(request -> request.roleArn("arn:aws:iam::" + names.accountId() + ":role/" + names.operatorRoleName())
                    .roleSessionName(ROLE_SESSION_NAME)).credentials();
            roleSession = new Keys(credentials.accessKeyId(), credentials.secretAccessKey(), Optional.of(credentials.sessionToken()));
        }
        TenantOrganization organization = setUpOrganization(names);
        try (CloudWatchLogsClient logs = LogsClients.logs(server, root.provider(), REGION)) {
            logs.createLogGroup(request -> request.logGroupName(names.logGroupName()).tags(Map.of(names.tagKey(), names.tagValue())));
            logs.putRetentionPolicy(request -> request.logGroupName(names.logGroupName()).retentionInDays(30));
            logs.createLogStream(request -> request.logGroupName(names.logGroupName()).logStreamName(names.logStreamName()));
            logs.putLogEvents(request -> request.logGroupName(names.logGroupName()).logStreamName(names.logStreamName())
                    .logEvents(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message(names.logStreamName() + " log event").build()));
            logs.putMetricFilter(request -> request.logGroupName(names.logGroupName()).filterName(names.metricFilterName()).filterPattern("ERROR")
                    .metricTransformations(software.amazon.awssdk.services.cloudwatchlogs.model.MetricTransformation.builder().metricName(names.metricName())
                            .metricNamespace(names.prefix()).metricValue("1").build()));
        }
        String connectionId;
        try (EventBridgeClient events = EventsClients.events(server, root.provider(), REGION)) {
            events.putRule(request -> request.name(names.ruleName()).eventPattern(RULE_PATTERN).description(names.ruleName())
                    .tags(software.amazon.awssdk.services.eventbridge.model.Tag.builder().key(names.tagKey()).value(names.tagValue()).build()));
            assertThat(events.putTargets(request -> request.rule(names.ruleName())
                    .targets(software.amazon.awssdk.services.eventbridge.model.Target.builder().id(names.ruleName()).arn(names.logGroupArn()).build())).failedEntryCount())
                    .isZero();
            String connectionArn = events.createConnection(request -> request.name(names.connectionName()).authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(auth -> auth.basicAuthParameters(basic -> basic.username(names.userName()).password(names.password())))).connectionArn();
            connectionId = connectionArn.substring(connectionArn.lastIndexOf('/') + 1);
            assertThat(names.withConnectionId(connectionId).connectionArn()).isEqualTo(connectionArn);
            events.createApiDestination(request -> request.name(names.apiDestinationName()).connectionArn(connectionArn)
                    .invocationEndpoint("https://" + names.prefix() + ".example.com/events").httpMethod(ApiDestinationHttpMethod.POST));
        }
        try (SnsClient sns = SnsClients.sns(server, root.provider(), REGION)) {
            String topic = sns.createTopic(request -> request.name(names.topicName()).attributes(Map.of("DisplayName", names.prefix()))
                    .tags(Tag.builder().key(names.tagKey()).value(names.tagValue()).build())).topicArn();
            sns.subscribe(request -> request.topicArn(topic).protocol("https").endpoint(names.subscriptionEndpoint()));
        }
        HttpResponse<String> signedIn = signIn(names.accountId(), names.administratorName(), names.password());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        ConsoleSession console = new ConsoleSession(setCookie.substring(0, setCookie.indexOf(';')), JSON.readTree(signedIn.body()).path("csrfToken").asText());

        // one of the account's events, and a NextToken it was given
        String eventId;
        String nextToken;
        try (CloudTrailClient cloudTrail = server.cloudTrail(root.provider(), REGION)) {
            eventId = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateUser", "the CreateUser of " + names.userName(),
                    event -> EventHistory.record(event).path("requestParameters").path("userName").asText().equals(names.userName()), Duration.ofSeconds(10)).eventId();
            nextToken = cloudTrail.lookupEvents(request -> request.maxResults(1)).nextToken();
            assertThat(nextToken).isNotNull();
        }
        return new Tenant(prefix, account.accountId(), root, administrator, roleSession, console, administratorId, userId, userKeyId, groupId, roleId, fixturePolicyArn,
                eventId, nextToken, organization, connectionId, storeId, externalStoreId, channelId);
    }

    /**
     * The account's organization: an OU, a member account created and moved into it, trusted access for CloudTrail and
     * the tenant's service, and the member as delegated administrator for both (CloudTrail's through CloudTrail).
     */
    private TenantOrganization setUpOrganization(Tenant names)
    {
        String servicePrincipal = names.organization().servicePrincipal();
        try (OrganizationsClient organizations = server.organizations(names.root().provider());
                CloudTrailClient cloudTrail = server.cloudTrail(names.root().provider(), REGION)) {
            String organizationId = organizations.createOrganization(request -> request.featureSet(OrganizationFeatureSet.ALL)).organization().id();
            String rootId = organizations.listRoots().roots().get(0).id();
            String unitId = organizations.createOrganizationalUnit(request -> request.parentId(rootId).name(names.organizationalUnitName())).organizationalUnit().id();
            String requestId = organizations.createAccount(request -> request.email(names.memberEmail()).accountName(names.memberAccountName())).createAccountStatus().id();
            CreateAccountStatus created = Poll.until(names.memberAccountName() + " created", Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> organizations.describeCreateAccountStatus(request -> request.createAccountRequestId(requestId)).createAccountStatus(),
                    status -> status.state() != CreateAccountState.IN_PROGRESS);
            assertThat(created.state()).as(created.toString()).isEqualTo(CreateAccountState.SUCCEEDED);
            String memberId = created.accountId();
            organizations.moveAccount(request -> request.accountId(memberId).sourceParentId(rootId).destinationParentId(unitId));
            organizations.enableAWSServiceAccess(request -> request.servicePrincipal(CLOUDTRAIL_PRINCIPAL));
            organizations.enableAWSServiceAccess(request -> request.servicePrincipal(servicePrincipal));
            organizations.registerDelegatedAdministrator(request -> request.accountId(memberId).servicePrincipal(servicePrincipal));
            cloudTrail.registerOrganizationDelegatedAdmin(request -> request.memberAccountId(memberId));
            return new TenantOrganization(organizationId, rootId, unitId, memberId, requestId, servicePrincipal);
        }
    }

    /** A channel's resource policy: this account may send events with an external id. */
    private static String channelPolicy(String channelArn, String accountId)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + accountId + "\"},"
                + "\"Action\":\"cloudtrail-data:PutAuditEvents\",\"Resource\":\"" + channelArn + "\","
                + "\"Condition\":{\"StringEquals\":{\"cloudtrail:ExternalId\":\"fixture\"}}}]}";
    }

    private static String allow(String action)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"*\"}]}";
    }

    private static String trust(String principalArn)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principalArn + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private List<Tenant> tenants()
    {
        return List.of(alpha, bravo);
    }

    private Tenant other(Tenant tenant)
    {
        return tenant == alpha ? bravo : alpha;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the table

    @Test
    @Order(0)
    public void everyServedOperationHasAnEntry()
    {
        Map<String, Entry> table = entries();
        List<String> missing = served().stream().filter(operation -> !table.containsKey(operation)).toList();
        assertThat(missing)
                .as("operations the server serves without an entry in AccountIsolationIT.entries(): add one for each, saying how one account reaches for "
                        + "another's things through it (by name, by ARN or id with the other's account id) and what it must get (NoSuchEntity, "
                        + "TrailNotFound, AccessDenied, an answer with only its own things, ...)")
                .isEmpty();
        assertThat(table.keySet().stream().filter(operation -> !served().contains(operation)).toList())
                .as("entries for operations the server does not serve (or answers UnsupportedOperationException): remove them")
                .isEmpty();
        assertThat(table.values().stream().filter(entry -> entry.attempts().isEmpty()).map(Entry::key).toList()).as("entries without attempts").isEmpty();
    }

    /** Every operation of the registry Cairn implements ({@code SERVICE Operation}). */
    private Set<String> served()
    {
        Set<String> served = new TreeSet<>();
        for (Service service : Service.values()) {
            for (Operation operation : server.server().cairn().operations().operations(service).values()) {
                if (!(operation instanceof UnsupportedOperation)) {
                    served.add(service + " " + operation.name());
                }
            }
        }
        return served;
    }

    @Test
    @Order(1)
    public void noOperationReachesAnotherAccount()
            throws Exception
    {
        Map<String, Entry> table = entries();
        Map<Tenant, String> before = new LinkedHashMap<>();
        for (Tenant tenant : tenants()) {
            before.put(tenant, state(tenant));
        }
        List<Runnable> concurrent = new ArrayList<>();
        List<Runnable> exclusive = new ArrayList<>();
        Failures failures = new Failures();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        for (String operation : served()) {
            Entry entry = table.get(operation);
            if (entry == null) {
                failures.add(operation + ": no entry (see everyServedOperationHasAnEntry)");
                continue;
            }
            for (Attempt attempt : entry.attempts()) {
                for (Tenant attacker : tenants()) {
                    for (Channel channel : attempt.channels()) {
                        attempts.incrementAndGet();
                        Runnable run = () -> {
                            try {
                                requests.addAndGet(check(entry, attempt, attacker, other(attacker), channel, failures));
                            }
                            catch (Exception e) {
                                failures.add(describe(entry, attempt, attacker, channel) + ": " + e);
                            }
                        };
                        // attempts that create things in the attacker's account, and remove them, run one at a time
                        (attempt.cleanup().isPresent() ? exclusive : concurrent).add(run);
                    }
                }
            }
        }
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable run : concurrent) {
                futures.add(pool.submit(run));
            }
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        }
        finally {
            pool.shutdownNow();
        }
        exclusive.forEach(Runnable::run);
        System.out.printf("AccountIsolationIT: %d operations, %d attempts in the table, made %d times (both directions, every channel) in %d requests, %d ms%n",
                table.size(), table.values().stream().mapToInt(entry -> entry.attempts().size()).sum(), attempts.get(), requests.get(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());

        assertThat(failures.all()).isEmpty();
        for (Tenant tenant : tenants()) {
            assertThat(state(tenant)).as("%s's state after the other account's attempts", tenant.prefix()).isEqualTo(before.get(tenant));
        }
    }

    /** The failures of the table's attempts, from any thread. */
    private static final class Failures
    {
        private final ConcurrentLinkedQueue<String> items = new ConcurrentLinkedQueue<>();

        void add(String failure)
        {
            items.add(failure);
        }

        List<String> all()
        {
            return items.stream().sorted().toList();
        }
    }

    /** Who in the attacker's account makes an attempt, and how. */
    enum Channel
    {
        /** The root user's access key, signing API requests. */
        ROOT,
        /** The access key of a user with {@code AdministratorAccess}. */
        ADMINISTRATOR,
        /** That user's console session: {@code /console/api/...} with its cookie and CSRF token. */
        CONSOLE,
        /** Temporary credentials of a session of a role with {@code AdministratorAccess}, assumed by that user. */
        ROLE_SESSION
    }

    /** One operation's attempts. */
    private record Entry(Service service, String operation, List<Attempt> attempts)
    {
        String key()
        {
            return service + " " + operation;
        }
    }

    /** An attempt's input, given the attacker and the victim. */
    @FunctionalInterface
    private interface Input
    {
        ObjectNode of(Tenant attacker, Tenant victim);
    }

    /** A check of a successful answer; a problem, if any. */
    @FunctionalInterface
    private interface Check
    {
        Optional<String> problem(Tenant attacker, Tenant victim, Answer answer)
                throws IOException;
    }

    private sealed interface Outcome
            permits Refused, Answered
    {
    }

    /** An error with this code (without a trailing {@code Exception}; IAM's {@code ValidationError} is {@code Validation}). */
    private record Refused(String code)
            implements Outcome
    {
        @Override
        public String toString()
        {
            return code;
        }
    }

    /** A success, whose answer passes the check. */
    private record Answered(String what, Check check)
            implements Outcome
    {
        @Override
        public String toString()
        {
            return "an answer with " + what;
        }
    }

    /** The input of a call that undoes a successful attempt, given what the attempt answered (the id of what it made). */
    @FunctionalInterface
    private interface UndoInput
    {
        ObjectNode of(Tenant attacker, Tenant victim, Answer answer)
                throws IOException;
    }

    /** A call the attacker's root makes after a successful attempt, to undo it. */
    private record Call(Service service, String operation, UndoInput input)
    {
    }

    /**
     * One way of reaching for the other account's things through an operation.
     *
     * @param byChannel the outcomes that differ by channel (the root user cannot change a password, a session cannot
     *         get a session token, ...)
     * @param tellsExistence the answer may tell whether the other account has the thing, as AWS's does (a taken
     *         account alias, the account of any access key, whether a bucket exists): no ghost is tried
     * @param markersChecked whether the answer must name nothing of the other account that the request did not; off
     *         where the answer holds the attacker's own records, which hold whatever it sent before
     * @param cleanup undoes a successful attempt (it created something in the attacker's account)
     */
    private record Attempt(String description, String region, Input input, Outcome outcome, Map<Channel, Outcome> byChannel, Set<Channel> channels,
            boolean tellsExistence, boolean markersChecked, Optional<Call> cleanup)
    {
        Outcome outcome(Channel channel)
        {
            return byChannel.getOrDefault(channel, outcome);
        }

        Attempt inRegion(String newRegion)
        {
            return new Attempt(description, newRegion, input, outcome, byChannel, channels, tellsExistence, markersChecked, cleanup);
        }

        Attempt on(Channel channel, Outcome channelOutcome)
        {
            Map<Channel, Outcome> outcomes = new EnumMap<>(Channel.class);
            outcomes.putAll(byChannel);
            outcomes.put(channel, channelOutcome);
            return new Attempt(description, region, input, outcome, outcomes, channels, tellsExistence, markersChecked, cleanup);
        }

        Attempt only(Channel first, Channel... rest)
        {
            return new Attempt(description, region, input, outcome, byChannel, EnumSet.of(first, rest), tellsExistence, markersChecked, cleanup);
        }

        Attempt tellingExistence()
        {
            return new Attempt(description, region, input, outcome, byChannel, channels, true, markersChecked, cleanup);
        }

        Attempt withoutMarkerCheck()
        {
            return new Attempt(description, region, input, outcome, byChannel, channels, tellsExistence, false, cleanup);
        }

        Attempt undoneBy(Service service, String operation, Input undo)
        {
            return undoneByWhatItAnswered(service, operation, (attacker, victim, answer) -> undo.of(attacker, victim));
        }

        Attempt undoneByWhatItAnswered(Service service, String operation, UndoInput undo)
        {
            return new Attempt(description, region, input, outcome, byChannel, channels, tellsExistence, markersChecked, Optional.of(new Call(service, operation, undo)));
        }
    }

    private static Attempt refused(String description, Input input, String code)
    {
        return new Attempt(description, REGION, input, new Refused(code), Map.of(), EnumSet.allOf(Channel.class), false, true, Optional.empty());
    }

    private static Attempt answered(String description, Input input, String what, Check check)
    {
        return new Attempt(description, REGION, input, new Answered(what, check), Map.of(), EnumSet.allOf(Channel.class), false, true, Optional.empty());
    }

    /** A success with nothing of the other account in it (the marker check) is all that is asked. */
    private static Attempt answered(String description, Input input)
    {
        return answered(description, input, "only the attacker's things", (attacker, victim, answer) -> Optional.empty());
    }

    private static Entry cloudTrail(String operation, Attempt... attempts)
    {
        return new Entry(Service.CLOUDTRAIL, operation, List.of(attempts));
    }

    private static Entry cloudTrailData(String operation, Attempt... attempts)
    {
        return new Entry(Service.CLOUDTRAIL_DATA, operation, List.of(attempts));
    }

    /** PutAuditEvents' input: one example event with this recipient, to this channel, with this external id if any. */
    private static ObjectNode auditEvents(String channelArn, Optional<String> externalId, String recipientAccountId)
    {
        ObjectNode input = input("channelArn", channelArn, "auditEvents", List.of(AuditEventsClient.event("isolation-1",
                AuditEventsClient.exampleEvent(recipientAccountId, "IsolationCheck").toString(), Optional.empty())));
        externalId.ifPresent(id -> input.put("externalId", id));
        return input;
    }

    private static Entry iam(String operation, Attempt... attempts)
    {
        return new Entry(Service.IAM, operation, List.of(attempts));
    }

    private static Entry sts(String operation, Attempt... attempts)
    {
        return new Entry(Service.STS, operation, List.of(attempts));
    }

    private static Entry organizations(String operation, Attempt... attempts)
    {
        return new Entry(Service.ORGANIZATIONS, operation, List.of(attempts));
    }

    private static Entry sns(String operation, Attempt... attempts)
    {
        return new Entry(Service.SNS, operation, List.of(attempts));
    }

    /**
     * An SNS call on the victim's topic: refused as SNS refuses another account's topic without a topic policy
     * (Cairn evaluates none), {@code AuthorizationError}; the console answers in JSON, {@code AccessDenied}.
     */
    private static Attempt refusedTopic(String description, Input input)
    {
        return refused(description, input, "AuthorizationError").on(Channel.CONSOLE, new Refused("AccessDenied"));
    }

    private static Entry logs(String operation, Attempt... attempts)
    {
        return new Entry(Service.LOGS, operation, List.of(attempts));
    }

    private static Entry events(String operation, Attempt... attempts)
    {
        return new Entry(Service.EVENTS, operation, List.of(attempts));
    }

    /** The input of CreateConnection: basic authorization. */
    private static ObjectNode connection(String name)
    {
        return input("Name", name, "AuthorizationType", "BASIC", "AuthParameters", Map.of("BasicAuthParameters", Map.of("Username", "intruder", "Password", "Intruder-1")));
    }

    /** The input of CreateApiDestination. */
    private static ObjectNode apiDestination(String name, String connectionArn)
    {
        return input("Name", name, "ConnectionArn", connectionArn, "InvocationEndpoint", "https://intruder.example.com/events", "HttpMethod", "POST");
    }

    /** A target entry of PutTargets. */
    private static Map<String, String> target(String id, String arn)
    {
        return Map.of("Id", id, "Arn", arn);
    }

    /**
     * Every operation Cairn serves, and how the attacker (the other account's root, administrator, console session or
     * role session) reaches for the victim's things through it. New operations join here.
     */
    private static Map<String, Entry> entries()
    {
        List<Entry> entries = List.of(
                // CloudTrail: trails by name (in the attacker's account, whatever the name) and by ARN (naming the victim's account)
                cloudTrail("CreateTrail",
                        refused("the victim's trail ARN as the name", (a, v) -> input("Name", v.trailArn(), "S3BucketName", a.bucket()), "InvalidTrailName"),
                        answered("the victim's trail name: a trail of the attacker's own", (a, v) -> input("Name", v.trailName(), "S3BucketName", a.bucket()),
                                "the attacker's new trail", (a, v, answer) -> contains(answer, "arn:aws:cloudtrail:" + REGION + ":" + a.accountId() + ":trail/" + v.trailName()))
                                .undoneBy(Service.CLOUDTRAIL, "DeleteTrail", (a, v) -> input("Name", v.trailName())),
                        // bucket names are one namespace, as in S3: a missing bucket (S3BucketDoesNotExist) is told from one whose policy refuses
                        refused("a trail of the attacker's own, into the victim's bucket", (a, v) -> input("Name", a.prefix() + "-intruder", "S3BucketName", v.bucket()),
                                "InsufficientS3BucketPolicy").tellingExistence()
                                .undoneBy(Service.CLOUDTRAIL, "DeleteTrail", (a, v) -> input("Name", a.prefix() + "-intruder")),
                        refused("a trail of the attacker's own, into the victim's bucket under the prefix AWSLogs/<victim's account>",
                                (a, v) -> input("Name", a.prefix() + "-intruder", "S3BucketName", v.bucket(), "S3KeyPrefix", "AWSLogs/" + v.accountId()),
                                "InsufficientS3BucketPolicy").tellingExistence()
                                .undoneBy(Service.CLOUDTRAIL, "DeleteTrail", (a, v) -> input("Name", a.prefix() + "-intruder"))),
                cloudTrail("UpdateTrail",
                        refused("the attacker's own trail, to the victim's bucket", (a, v) -> input("Name", a.trailName(), "S3BucketName", v.bucket()),
                                "InsufficientS3BucketPolicy").tellingExistence(),
                        refused("the attacker's own trail, to the victim's bucket under the prefix AWSLogs/<victim's account>",
                                (a, v) -> input("Name", a.trailName(), "S3BucketName", v.bucket(), "S3KeyPrefix", "AWSLogs/" + v.accountId()),
                                "InsufficientS3BucketPolicy").tellingExistence(),
                        refused("by name, to the attacker's bucket", (a, v) -> input("Name", v.trailName(), "S3BucketName", a.bucket()), "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("Name", v.trailArn(), "IsMultiRegionTrail", false), "TrailNotFound")),
                cloudTrail("DeleteTrail",
                        refused("by name", (a, v) -> input("Name", v.trailName()), "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("Name", v.trailArn()), "TrailNotFound")),
                cloudTrail("GetTrail",
                        refused("by name", (a, v) -> input("Name", v.trailName()), "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("Name", v.trailArn()), "TrailNotFound"),
                        refused("by ARN, from the region of its shadow", (a, v) -> input("Name", v.trailArn()), "TrailNotFound").inRegion(OTHER_REGION)),
                cloudTrail("DescribeTrails",
                        answered("the victim's trail by name and by ARN", (a, v) -> input("trailNameList", List.of(v.trailName(), v.trailArn())), "no trails",
                                (a, v, answer) -> empty(answer.json().path("trailList"))),
                        answered("every trail", (a, v) -> input()),
                        answered("every trail with shadows, in the region of the victim's shadow", (a, v) -> input("includeShadowTrails", true)).inRegion(OTHER_REGION)),
                cloudTrail("ListTrails",
                        answered("every trail", (a, v) -> input()),
                        answered("every trail, in the region of the victim's shadow", (a, v) -> input()).inRegion(OTHER_REGION)),
                cloudTrail("GetTrailStatus",
                        refused("by name", (a, v) -> input("Name", v.trailName()), "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("Name", v.trailArn()), "TrailNotFound"),
                        refused("by ARN, from the region of its shadow", (a, v) -> input("Name", v.trailArn()), "TrailNotFound").inRegion(OTHER_REGION)),
                cloudTrail("StartLogging",
                        refused("by name", (a, v) -> input("Name", v.trailName()), "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("Name", v.trailArn()), "TrailNotFound")),
                cloudTrail("StopLogging",
                        refused("by name", (a, v) -> input("Name", v.trailName()), "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("Name", v.trailArn()), "TrailNotFound")),
                cloudTrail("PutEventSelectors",
                        refused("by name", (a, v) -> input("TrailName", v.trailName(), "EventSelectors", List.of(input("ReadWriteType", "ReadOnly"))), "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("TrailName", v.trailArn(), "EventSelectors", List.of(input("ReadWriteType", "ReadOnly"))), "TrailNotFound")),
                cloudTrail("GetEventSelectors",
                        refused("by name", (a, v) -> input("TrailName", v.trailName()), "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("TrailName", v.trailArn()), "TrailNotFound")),
                cloudTrail("PutInsightSelectors",
                        refused("by name", (a, v) -> input("TrailName", v.trailName(), "InsightSelectors", List.of(input("InsightType", "ApiErrorRateInsight"))),
                                "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("TrailName", v.trailArn(), "InsightSelectors", List.of(input("InsightType", "ApiErrorRateInsight"))),
                                "TrailNotFound")),
                cloudTrail("GetInsightSelectors",
                        refused("by name", (a, v) -> input("TrailName", v.trailName()), "TrailNotFound"),
                        refused("by ARN", (a, v) -> input("TrailName", v.trailArn()), "TrailNotFound")),
                cloudTrail("AddTags",
                        refused("by ARN", (a, v) -> input("ResourceId", v.trailArn(), "TagsList", List.of(input("Key", "added", "Value", "by-the-attacker"))),
                                "ResourceNotFound"),
                        refused("by name (tags name resources by ARN)", (a, v) -> input("ResourceId", v.trailName(), "TagsList", List.of(input("Key", "added"))),
                                "CloudTrailARNInvalid"),
                        refused("the victim's event data store", (a, v) -> input("ResourceId", v.storeArn(), "TagsList", List.of(input("Key", "added"))), "ResourceNotFound"),
                        refused("the victim's channel", (a, v) -> input("ResourceId", v.channelArn(), "TagsList", List.of(input("Key", "added"))), "ResourceNotFound")),
                cloudTrail("RemoveTags",
                        refused("by ARN", (a, v) -> input("ResourceId", v.trailArn(), "TagsList", List.of(input("Key", v.tagKey()))), "ResourceNotFound"),
                        refused("by name (tags name resources by ARN)", (a, v) -> input("ResourceId", v.trailName(), "TagsList", List.of(input("Key", v.tagKey()))),
                                "CloudTrailARNInvalid"),
                        refused("the victim's event data store", (a, v) -> input("ResourceId", v.storeArn(), "TagsList", List.of(input("Key", v.tagKey()))),
                                "ResourceNotFound"),
                        refused("the victim's channel", (a, v) -> input("ResourceId", v.channelArn(), "TagsList", List.of(input("Key", v.tagKey()))), "ResourceNotFound")),
                cloudTrail("ListTags",
                        refused("by ARN", (a, v) -> input("ResourceIdList", List.of(v.trailArn())), "ResourceNotFound"),
                        refused("by ARN, beside the attacker's own trail", (a, v) -> input("ResourceIdList", List.of(a.trailArn(), v.trailArn())), "ResourceNotFound"),
                        refused("by name", (a, v) -> input("ResourceIdList", List.of(v.trailName())), "CloudTrailARNInvalid"),
                        refused("the victim's event data store and channel", (a, v) -> input("ResourceIdList", List.of(v.storeArn(), v.channelArn())), "ResourceNotFound"),
                        refused("the victim's channel, beside the attacker's own", (a, v) -> input("ResourceIdList", List.of(a.channelArn(), v.channelArn())),
                                "ResourceNotFound")),
                cloudTrail("ListPublicKeys",
                        answered("the region's public keys", (a, v) -> input())),
                cloudTrail("LookupEvents",
                        answered("the victim's event by its id", (a, v) -> input("LookupAttributes", List.of(attribute("EventId", v.eventId()))), "no events",
                                (a, v, answer) -> empty(answer.json().path("Events"))),
                        answered("the victim's user by user name", (a, v) -> input("LookupAttributes", List.of(attribute("Username", v.userName()))), "no events",
                                (a, v, answer) -> empty(answer.json().path("Events"))),
                        answered("the victim user's access key by access key id", (a, v) -> input("LookupAttributes", List.of(attribute("AccessKeyId", v.userKeyId()))),
                                "no events", (a, v, answer) -> empty(answer.json().path("Events"))),
                        answered("the victim's trail by resource name", (a, v) -> input("LookupAttributes", List.of(attribute("ResourceName", v.trailArn()))),
                                "only the attacker's own calls that named it", AccountIsolationIT::onlyOwnEvents).withoutMarkerCheck(),
                        answered("everything", (a, v) -> input("MaxResults", 50), "only the attacker's events", AccountIsolationIT::onlyOwnEvents).withoutMarkerCheck(),
                        answered("everything, in the region of the victim's shadow", (a, v) -> input("MaxResults", 50), "only the attacker's events",
                                AccountIsolationIT::onlyOwnEvents).withoutMarkerCheck().inRegion(OTHER_REGION),
                        answered("Insights events", (a, v) -> input("EventCategory", "insight"), "only the attacker's events", AccountIsolationIT::onlyOwnEvents)
                                .withoutMarkerCheck(),
                        refused("with a NextToken the victim was given", (a, v) -> input("MaxResults", 1, "NextToken", v.nextToken()), "InvalidNextToken"),
                        // the console's own options: errors only, and summaries
                        answered("errors only (the console's)", (a, v) -> input("MaxResults", 50, "Cairn", input("ErrorsOnly", true)), "only the attacker's events",
                                AccountIsolationIT::onlyOwnEvents).withoutMarkerCheck().only(Channel.CONSOLE),
                        answered("a summary of the victim's user (the console's)", (a, v) -> input("LookupAttributes", List.of(attribute("Username", v.userName())),
                                "Cairn", input("Summary", true)), "a count of 0", (a, v, answer) -> count(answer, 0)).only(Channel.CONSOLE),
                        answered("a summary of the victim's event by id (the console's)", (a, v) -> input("LookupAttributes", List.of(attribute("EventId", v.eventId())),
                                "Cairn", input("Summary", true)), "a count of 0", (a, v, answer) -> count(answer, 0)).only(Channel.CONSOLE),
                        answered("a summary of everything (the console's)", (a, v) -> input("Cairn", input("Summary", true))).only(Channel.CONSOLE),
                        answered("the victim's member account by resource name", (a, v) -> input("LookupAttributes",
                                List.of(attribute("ResourceName", v.organization().memberAccountId()))), "only the attacker's own calls that named it",
                                AccountIsolationIT::onlyOwnEvents).withoutMarkerCheck()),
                // CloudTrail's delegated administrator: a member account of the caller's organization, never another's
                cloudTrail("RegisterOrganizationDelegatedAdmin",
                        refused("the victim's member account", (a, v) -> input("MemberAccountId", v.organization().memberAccountId()), "AccountNotFound"),
                        refused("the victim's account, its organization's management account", (a, v) -> input("MemberAccountId", v.accountId()), "AccountNotFound")),
                cloudTrail("DeregisterOrganizationDelegatedAdmin",
                        refused("the victim's member account, its delegated administrator", (a, v) -> input("DelegatedAdminAccountId", v.organization().memberAccountId()),
                                "AccountNotFound"),
                        refused("the victim's account", (a, v) -> input("DelegatedAdminAccountId", v.accountId()), "AccountNotFound")),
                // CloudTrail Lake: event data stores and channels by ARN (naming the victim's account) and by ID (in the attacker's)
                cloudTrail("CreateEventDataStore",
                        // names of stores pending deletion stay taken: one attempt, from one channel
                        answered("the victim's store name: a store of the attacker's own", (a, v) -> input("Name", v.storeName(), "MultiRegionEnabled", false,
                                "TerminationProtectionEnabled", false), "the attacker's new store",
                                (a, v, answer) -> contains(answer, "arn:aws:cloudtrail:" + REGION + ":" + a.accountId() + ":eventdatastore/"))
                                .only(Channel.ROOT)
                                .undoneByWhatItAnswered(Service.CLOUDTRAIL, "DeleteEventDataStore",
                                        (a, v, answer) -> input("EventDataStore", answer.json().path("EventDataStoreArn").asText()))),
                cloudTrail("GetEventDataStore",
                        refused("by ARN", (a, v) -> input("EventDataStore", v.storeArn()), "EventDataStoreNotFound"),
                        refused("by ARN, from another region it collects", (a, v) -> input("EventDataStore", v.storeArn()), "EventDataStoreNotFound").inRegion(OTHER_REGION),
                        refused("by ID", (a, v) -> input("EventDataStore", v.storeId()), "EventDataStoreNotFound")),
                cloudTrail("ListEventDataStores",
                        answered("every store", (a, v) -> input()),
                        answered("every store, in another region the victim's store collects", (a, v) -> input()).inRegion(OTHER_REGION)),
                cloudTrail("UpdateEventDataStore",
                        refused("by ARN", (a, v) -> input("EventDataStore", v.storeArn(), "TerminationProtectionEnabled", false), "EventDataStoreNotFound"),
                        refused("by ID", (a, v) -> input("EventDataStore", v.storeId(), "Name", a.prefix() + "-taken"), "EventDataStoreNotFound")),
                cloudTrail("DeleteEventDataStore",
                        refused("by ARN", (a, v) -> input("EventDataStore", v.externalStoreArn()), "EventDataStoreNotFound")),
                cloudTrail("RestoreEventDataStore",
                        refused("by ARN", (a, v) -> input("EventDataStore", v.storeArn()), "EventDataStoreNotFound")),
                cloudTrail("StartEventDataStoreIngestion",
                        refused("by ARN", (a, v) -> input("EventDataStore", v.storeArn()), "EventDataStoreNotFound")),
                cloudTrail("StopEventDataStoreIngestion",
                        refused("by ARN", (a, v) -> input("EventDataStore", v.storeArn()), "EventDataStoreNotFound")),
                cloudTrail("CreateChannel",
                        refused("to the victim's store", (a, v) -> input("Name", a.prefix() + "-intruder", "Source", "Custom",
                                "Destinations", List.of(input("Type", "EVENT_DATA_STORE", "Location", v.externalStoreArn()))), "EventDataStoreNotFound"),
                        answered("the victim's channel name: a channel of the attacker's own", (a, v) -> input("Name", v.channelName(), "Source", "Custom",
                                "Destinations", List.of(input("Type", "EVENT_DATA_STORE", "Location", a.externalStoreArn()))), "the attacker's new channel",
                                (a, v, answer) -> contains(answer, "arn:aws:cloudtrail:" + REGION + ":" + a.accountId() + ":channel/"))
                                .undoneByWhatItAnswered(Service.CLOUDTRAIL, "DeleteChannel", (a, v, answer) -> input("Channel", answer.json().path("ChannelArn").asText()))),
                cloudTrail("GetChannel",
                        refused("by ARN", (a, v) -> input("Channel", v.channelArn()), "ChannelNotFound"),
                        refused("by ID", (a, v) -> input("Channel", v.channelId()), "ChannelNotFound")),
                cloudTrail("ListChannels",
                        answered("every channel", (a, v) -> input())),
                cloudTrail("UpdateChannel",
                        refused("by ARN", (a, v) -> input("Channel", v.channelArn(), "Name", a.prefix() + "-renamed"), "ChannelNotFound"),
                        refused("the attacker's own channel, to the victim's store", (a, v) -> input("Channel", a.channelArn(),
                                "Destinations", List.of(input("Type", "EVENT_DATA_STORE", "Location", v.externalStoreArn()))), "EventDataStoreNotFound")),
                cloudTrail("DeleteChannel",
                        refused("by ARN", (a, v) -> input("Channel", v.channelArn()), "ChannelNotFound"),
                        refused("by ID", (a, v) -> input("Channel", v.channelId()), "ChannelNotFound")),
                cloudTrail("PutResourcePolicy",
                        refused("on the victim's channel, letting the attacker send", (a, v) -> input("ResourceArn", v.channelArn(),
                                "ResourcePolicy", channelPolicy(v.channelArn(), a.accountId())), "ResourceNotFound"),
                        refused("on the victim's store", (a, v) -> input("ResourceArn", v.storeArn(), "ResourcePolicy", channelPolicy(v.storeArn(), a.accountId())),
                                "ResourceNotFound")),
                cloudTrail("GetResourcePolicy",
                        refused("of the victim's channel", (a, v) -> input("ResourceArn", v.channelArn()), "ResourceNotFound"),
                        refused("of the victim's store", (a, v) -> input("ResourceArn", v.storeArn()), "ResourceNotFound")),
                cloudTrail("DeleteResourcePolicy",
                        refused("of the victim's channel", (a, v) -> input("ResourceArn", v.channelArn()), "ResourceNotFound")),
                cloudTrail("StartQuery",
                        refused("over the victim's store, by ID", (a, v) -> input("QueryStatement", "SELECT count(*) FROM " + v.storeId()), "EventDataStoreNotFound"),
                        refused("as the victim's store's owner", (a, v) -> input("QueryStatement", "SELECT count(*) FROM " + v.storeId(),
                                "EventDataStoreOwnerAccountId", v.accountId()), "EventDataStoreNotFound")),
                cloudTrail("DescribeQuery",
                        refused("a query of the victim's store", (a, v) -> input("EventDataStore", v.storeArn(), "QueryId", UNKNOWN_QUERY), "EventDataStoreNotFound"),
                        refused("a query id the attacker does not have", (a, v) -> input("QueryId", UNKNOWN_QUERY), "QueryIdNotFound")),
                cloudTrail("GetQueryResults",
                        refused("a query of the victim's store", (a, v) -> input("EventDataStore", v.storeArn(), "QueryId", UNKNOWN_QUERY), "EventDataStoreNotFound"),
                        refused("a query id the attacker does not have", (a, v) -> input("QueryId", UNKNOWN_QUERY), "QueryIdNotFound")),
                cloudTrail("ListQueries",
                        refused("of the victim's store, by ARN", (a, v) -> input("EventDataStore", v.storeArn()), "EventDataStoreNotFound"),
                        refused("of the victim's store, by ID", (a, v) -> input("EventDataStore", v.storeId()), "EventDataStoreNotFound")),
                cloudTrail("CancelQuery",
                        refused("a query of the victim's store", (a, v) -> input("EventDataStore", v.storeArn(), "QueryId", UNKNOWN_QUERY), "EventDataStoreNotFound"),
                        refused("a query id the attacker does not have", (a, v) -> input("QueryId", UNKNOWN_QUERY), "QueryIdNotFound")),
                // CloudTrail Data: another account's channel takes events only as its resource policy allows (here: its own account, with an external id);
                // whether such a channel exists is not told (ChannelInsufficientPermission either way)
                cloudTrailData("PutAuditEvents",
                        refused("to the victim's channel", (a, v) -> auditEvents(v.channelArn(), Optional.empty(), v.accountId()), "ChannelInsufficientPermission"),
                        refused("to the victim's channel, with the external id its policy names", (a, v) -> auditEvents(v.channelArn(), Optional.of("fixture"),
                                v.accountId()), "ChannelInsufficientPermission"),
                        refused("to the victim's channel, from the other region", (a, v) -> auditEvents(v.channelArn(), Optional.of("fixture"), v.accountId()),
                                "ChannelInsufficientPermission").inRegion(OTHER_REGION),
                        refused("by the victim's channel id, in the attacker's account", (a, v) -> auditEvents(
                                "arn:aws:cloudtrail:" + REGION + ":" + a.accountId() + ":channel/" + v.channelId(), Optional.empty(), a.accountId()), "ChannelNotFound"),
                        answered("to the attacker's own channel, for the victim's account", (a, v) -> auditEvents(a.channelArn(), Optional.empty(), v.accountId()),
                                "the event refused as not the channel owner's", (a, v, answer) -> contains(answer, "InvalidRecipient"))),

                // IAM users
                iam("CreateUser",
                        refused("the victim's user ARN as the name", (a, v) -> input("UserName", v.userArn()), "Validation"),
                        answered("the victim's user name and path: a user of the attacker's own", (a, v) -> input("UserName", v.userName(), "Path", v.path()),
                                "the attacker's new user", (a, v, answer) -> contains(answer, "arn:aws:iam::" + a.accountId() + ":user" + v.path() + v.userName()))
                                .undoneBy(Service.IAM, "DeleteUser", (a, v) -> input("UserName", v.userName()))),
                iam("GetUser",
                        refused("by name", (a, v) -> input("UserName", v.userName()), "NoSuchEntity"),
                        refused("by ARN", (a, v) -> input("UserName", v.userArn()), "Validation")),
                iam("ListUsers",
                        answered("every user", (a, v) -> input()),
                        answered("under the victim's path", (a, v) -> input("PathPrefix", v.path()), "no users", (a, v, answer) -> doesNotContain(answer, "UserName"))),
                iam("DeleteUser",
                        refused("by name", (a, v) -> input("UserName", v.userName()), "NoSuchEntity")),
                iam("CreateLoginProfile",
                        refused("for the victim's user", (a, v) -> input("UserName", v.userName(), "Password", a.password()), "NoSuchEntity")),
                iam("GetLoginProfile",
                        refused("of the victim's user", (a, v) -> input("UserName", v.userName()), "NoSuchEntity")),
                iam("UpdateLoginProfile",
                        refused("of the victim's user", (a, v) -> input("UserName", v.userName(), "Password", a.password(), "PasswordResetRequired", true), "NoSuchEntity")),
                iam("DeleteLoginProfile",
                        refused("of the victim's user", (a, v) -> input("UserName", v.userName()), "NoSuchEntity")),
                iam("ChangePassword",
                        // a user changes only its own password: the victim's password is not its old one
                        refused("with the victim user's password as the old one", (a, v) -> input("OldPassword", v.password(), "NewPassword", "Changed-By-Attacker-1"),
                                "AccessDenied")
                                .on(Channel.ROOT, new Refused("InvalidUserType"))
                                .on(Channel.ROLE_SESSION, new Refused("InvalidUserType"))),
                iam("CreateAccountAlias",
                        // aliases are one namespace across accounts, as in AWS: a taken one is refused, which tells it is taken
                        refused("the victim's alias", (a, v) -> input("AccountAlias", v.alias()), "EntityAlreadyExists").tellingExistence()),
                iam("DeleteAccountAlias",
                        refused("the victim's alias", (a, v) -> input("AccountAlias", v.alias()), "NoSuchEntity")),
                iam("ListAccountAliases",
                        answered("the account's aliases", (a, v) -> input(), "the attacker's alias only", (a, v, answer) -> contains(answer, a.alias()))),

                // IAM access keys: by user name, and by key id (the victim user's and root's)
                iam("CreateAccessKey",
                        refused("for the victim's user", (a, v) -> input("UserName", v.userName()), "NoSuchEntity")),
                iam("ListAccessKeys",
                        refused("of the victim's user", (a, v) -> input("UserName", v.userName()), "NoSuchEntity")),
                iam("UpdateAccessKey",
                        // a role session has no keys of its own: it must name a user
                        refused("the victim user's key, as the caller's own", (a, v) -> input("AccessKeyId", v.userKeyId(), "Status", "Inactive"), "NoSuchEntity")
                                .on(Channel.ROLE_SESSION, new Refused("Validation")),
                        refused("the victim user's key, naming the victim's user", (a, v) -> input("UserName", v.userName(), "AccessKeyId", v.userKeyId(), "Status", "Inactive"),
                                "NoSuchEntity"),
                        refused("the victim's root key", (a, v) -> input("AccessKeyId", v.root().accessKeyId(), "Status", "Inactive"), "NoSuchEntity")
                                .on(Channel.ROLE_SESSION, new Refused("Validation"))),
                iam("DeleteAccessKey",
                        refused("the victim user's key, as the caller's own", (a, v) -> input("AccessKeyId", v.userKeyId()), "NoSuchEntity")
                                .on(Channel.ROLE_SESSION, new Refused("Validation")),
                        refused("the victim user's key, naming the victim's user", (a, v) -> input("UserName", v.userName(), "AccessKeyId", v.userKeyId()), "NoSuchEntity"),
                        refused("the victim's root key", (a, v) -> input("AccessKeyId", v.root().accessKeyId()), "NoSuchEntity")
                                .on(Channel.ROLE_SESSION, new Refused("Validation"))),

                // IAM user policies
                iam("PutUserPolicy",
                        refused("on the victim's user", (a, v) -> input("UserName", v.userName(), "PolicyName", "attacker", "PolicyDocument", ALLOW_EVERYTHING),
                                "NoSuchEntity")),
                iam("GetUserPolicy",
                        refused("the victim user's policy", (a, v) -> input("UserName", v.userName(), "PolicyName", v.userPolicyName()), "NoSuchEntity")),
                iam("ListUserPolicies",
                        refused("of the victim's user", (a, v) -> input("UserName", v.userName()), "NoSuchEntity")),
                iam("DeleteUserPolicy",
                        refused("the victim user's policy", (a, v) -> input("UserName", v.userName(), "PolicyName", v.userPolicyName()), "NoSuchEntity")),
                iam("AttachUserPolicy",
                        refused("to the victim's user", (a, v) -> input("UserName", v.userName(), "PolicyArn", ADMINISTRATOR_ACCESS), "NoSuchEntity"),
                        refused("a policy of the victim's account, to the attacker's user", (a, v) -> input("UserName", a.userName(), "PolicyArn", v.customerPolicyArn()),
                                "NoSuchEntity")),
                iam("DetachUserPolicy",
                        refused("from the victim's user", (a, v) -> input("UserName", v.userName(), "PolicyArn", v.fixturePolicyArn()), "NoSuchEntity")),
                iam("ListAttachedUserPolicies",
                        refused("of the victim's user", (a, v) -> input("UserName", v.userName()), "NoSuchEntity")),
                iam("ListPolicies",
                        // attachment counts are the account's own: the victim's attachments do not show
                        answered("those attached", (a, v) -> input("OnlyAttached", true), "no policy only the victim attached",
                                (a, v, answer) -> doesNotContain(answer, v.fixturePolicyArn())),
                        answered("the account's own (Local)", (a, v) -> input("Scope", "Local"))),

                // IAM groups
                iam("CreateGroup",
                        answered("the victim's group name and path: a group of the attacker's own", (a, v) -> input("GroupName", v.groupName(), "Path", v.path()),
                                "the attacker's new group", (a, v, answer) -> contains(answer, "arn:aws:iam::" + a.accountId() + ":group" + v.path() + v.groupName()))
                                .undoneBy(Service.IAM, "DeleteGroup", (a, v) -> input("GroupName", v.groupName()))),
                iam("GetGroup",
                        refused("by name", (a, v) -> input("GroupName", v.groupName()), "NoSuchEntity")),
                iam("ListGroups",
                        answered("every group", (a, v) -> input()),
                        answered("under the victim's path", (a, v) -> input("PathPrefix", v.path()), "no groups", (a, v, answer) -> doesNotContain(answer, "GroupName"))),
                iam("UpdateGroup",
                        refused("the victim's group", (a, v) -> input("GroupName", v.groupName(), "NewGroupName", a.prefix() + "-renamed"), "NoSuchEntity")),
                iam("DeleteGroup",
                        refused("the victim's group", (a, v) -> input("GroupName", v.groupName()), "NoSuchEntity")),
                iam("AddUserToGroup",
                        refused("the attacker's user to the victim's group", (a, v) -> input("GroupName", v.groupName(), "UserName", a.userName()), "NoSuchEntity"),
                        refused("the victim's user to the attacker's group", (a, v) -> input("GroupName", a.groupName(), "UserName", v.userName()), "NoSuchEntity")),
                iam("RemoveUserFromGroup",
                        refused("the victim's user from the victim's group", (a, v) -> input("GroupName", v.groupName(), "UserName", v.userName()), "NoSuchEntity"),
                        refused("the victim's user from the attacker's group", (a, v) -> input("GroupName", a.groupName(), "UserName", v.userName()), "NoSuchEntity")),
                iam("ListGroupsForUser",
                        refused("of the victim's user", (a, v) -> input("UserName", v.userName()), "NoSuchEntity")),
                iam("PutGroupPolicy",
                        refused("on the victim's group", (a, v) -> input("GroupName", v.groupName(), "PolicyName", "attacker", "PolicyDocument", ALLOW_EVERYTHING),
                                "NoSuchEntity")),
                iam("GetGroupPolicy",
                        refused("the victim group's policy", (a, v) -> input("GroupName", v.groupName(), "PolicyName", v.groupPolicyName()), "NoSuchEntity")),
                iam("ListGroupPolicies",
                        refused("of the victim's group", (a, v) -> input("GroupName", v.groupName()), "NoSuchEntity")),
                iam("DeleteGroupPolicy",
                        refused("the victim group's policy", (a, v) -> input("GroupName", v.groupName(), "PolicyName", v.groupPolicyName()), "NoSuchEntity")),
                iam("AttachGroupPolicy",
                        refused("to the victim's group", (a, v) -> input("GroupName", v.groupName(), "PolicyArn", ADMINISTRATOR_ACCESS), "NoSuchEntity"),
                        refused("a policy of the victim's account, to the attacker's group", (a, v) -> input("GroupName", a.groupName(), "PolicyArn", v.customerPolicyArn()),
                                "NoSuchEntity")),
                iam("DetachGroupPolicy",
                        refused("from the victim's group", (a, v) -> input("GroupName", v.groupName(), "PolicyArn", v.fixturePolicyArn()), "NoSuchEntity")),
                iam("ListAttachedGroupPolicies",
                        refused("of the victim's group", (a, v) -> input("GroupName", v.groupName()), "NoSuchEntity")),

                // IAM roles
                iam("CreateRole",
                        answered("the victim's role name and path: a role of the attacker's own", (a, v) -> input("RoleName", v.roleName(), "Path", v.path(),
                                "AssumeRolePolicyDocument", EC2_TRUST), "the attacker's new role",
                                (a, v, answer) -> contains(answer, "arn:aws:iam::" + a.accountId() + ":role" + v.path() + v.roleName()))
                                .undoneBy(Service.IAM, "DeleteRole", (a, v) -> input("RoleName", v.roleName()))),
                iam("GetRole",
                        refused("by name", (a, v) -> input("RoleName", v.roleName()), "NoSuchEntity"),
                        refused("by ARN", (a, v) -> input("RoleName", v.roleArn()), "Validation")),
                iam("ListRoles",
                        answered("every role", (a, v) -> input()),
                        answered("under the victim's path", (a, v) -> input("PathPrefix", v.path()), "no roles", (a, v, answer) -> doesNotContain(answer, "RoleName"))),
                iam("UpdateRole",
                        refused("the victim's role", (a, v) -> input("RoleName", v.roleName(), "MaxSessionDuration", 7200), "NoSuchEntity")),
                iam("UpdateRoleDescription",
                        refused("the victim's role", (a, v) -> input("RoleName", v.roleName(), "Description", "changed by the attacker"), "NoSuchEntity")),
                iam("UpdateAssumeRolePolicy",
                        refused("the victim's role, to trust the attacker", (a, v) -> input("RoleName", v.roleName(), "PolicyDocument",
                                trust("arn:aws:iam::" + a.accountId() + ":root")), "NoSuchEntity")),
                iam("DeleteRole",
                        refused("the victim's role", (a, v) -> input("RoleName", v.roleName()), "NoSuchEntity")),
                iam("PutRolePolicy",
                        refused("on the victim's role", (a, v) -> input("RoleName", v.roleName(), "PolicyName", "attacker", "PolicyDocument", ALLOW_EVERYTHING),
                                "NoSuchEntity")),
                iam("GetRolePolicy",
                        refused("the victim role's policy", (a, v) -> input("RoleName", v.roleName(), "PolicyName", v.rolePolicyName()), "NoSuchEntity")),
                iam("ListRolePolicies",
                        refused("of the victim's role", (a, v) -> input("RoleName", v.roleName()), "NoSuchEntity")),
                iam("DeleteRolePolicy",
                        refused("the victim role's policy", (a, v) -> input("RoleName", v.roleName(), "PolicyName", v.rolePolicyName()), "NoSuchEntity")),
                iam("AttachRolePolicy",
                        refused("to the victim's role", (a, v) -> input("RoleName", v.roleName(), "PolicyArn", ADMINISTRATOR_ACCESS), "NoSuchEntity"),
                        refused("a policy of the victim's account, to the attacker's role", (a, v) -> input("RoleName", a.roleName(), "PolicyArn", v.customerPolicyArn()),
                                "NoSuchEntity")),
                iam("DetachRolePolicy",
                        refused("from the victim's role", (a, v) -> input("RoleName", v.roleName(), "PolicyArn", v.fixturePolicyArn()), "NoSuchEntity")),
                iam("ListAttachedRolePolicies",
                        refused("of the victim's role", (a, v) -> input("RoleName", v.roleName()), "NoSuchEntity")),
                iam("TagRole",
                        refused("the victim's role", (a, v) -> input("RoleName", v.roleName(), "Tags", List.of(input("Key", "added", "Value", "by-the-attacker"))),
                                "NoSuchEntity")),
                iam("UntagRole",
                        refused("the victim's role", (a, v) -> input("RoleName", v.roleName(), "TagKeys", List.of(v.tagKey())), "NoSuchEntity")),
                iam("ListRoleTags",
                        refused("of the victim's role", (a, v) -> input("RoleName", v.roleName()), "NoSuchEntity")),

                // STS
                sts("GetCallerIdentity",
                        answered("the caller", (a, v) -> input(), "the attacker's account", (a, v, answer) -> contains(answer, a.accountId()))),
                sts("AssumeRole",
                        // refused the same whether the role exists or not (the ghost): a caller cannot probe for roles
                        refused("the victim's role, which trusts no one of the attacker's account", (a, v) -> input("RoleArn", v.roleArn(), "RoleSessionName", "probe"),
                                "AccessDenied"),
                        refused("the victim's role, by an ARN without its path", (a, v) -> input("RoleArn", "arn:aws:iam::" + v.accountId() + ":role/" + v.roleName(),
                                "RoleSessionName", "probe"), "AccessDenied"),
                        refused("the victim's own operator role", (a, v) -> input("RoleArn", "arn:aws:iam::" + v.accountId() + ":role/" + v.operatorRoleName(),
                                "RoleSessionName", "probe"), "AccessDenied"),
                        refused("the role of the victim's member account for the victim's account", (a, v) -> input("RoleArn",
                                "arn:aws:iam::" + v.organization().memberAccountId() + ":role/" + ACCESS_ROLE, "RoleSessionName", "probe"), "AccessDenied")),
                sts("GetSessionToken",
                        answered("a session of the caller's own", (a, v) -> input(), "the attacker's session",
                                (a, v, answer) -> contains(answer, "SessionToken"))
                                .on(Channel.CONSOLE, new Refused("AccessDenied"))
                                .on(Channel.ROLE_SESSION, new Refused("AccessDenied"))),
                sts("GetAccessKeyInfo",
                        // as AWS: anyone may learn the account of any key id, and nothing else of it
                        answered("the victim user's key", (a, v) -> input("AccessKeyId", v.userKeyId()), "the victim's account id",
                                (a, v, answer) -> contains(answer, v.accountId())).tellingExistence().withoutMarkerCheck()),

                // Organizations: the victim's organization by its ids (o-, r-, ou-, account ids, car- request ids), from the
                // management account of an organization of the attacker's own
                organizations("CreateOrganization",
                        refused("another organization, for the attacker's account (which manages one)", (a, v) -> input("FeatureSet", "ALL"), "AlreadyInOrganization")),
                organizations("DescribeOrganization",
                        answered("the caller's organization", (a, v) -> input(), "the attacker's organization",
                                (a, v, answer) -> contains(answer, a.organization().organizationId()))),
                organizations("DeleteOrganization",
                        // it names nothing: only the caller's organization, which keeps its member account
                        refused("the caller's organization", (a, v) -> input(), "OrganizationNotEmpty")),
                organizations("CreateAccount",
                        // email addresses are one namespace across accounts, as in AWS: the request fails (FAILED,
                        // EMAIL_ALREADY_EXISTS, see membersAndOutsidersReachNoOtherOrganization), which tells the address is taken
                        answered("an account of the attacker's own, with the email address of the victim's member account",
                                (a, v) -> input("Email", v.memberEmail(), "AccountName", a.prefix() + "-probe"), "a request in progress, of no account yet",
                                (a, v, answer) -> inProgress(answer)).tellingExistence()),
                organizations("DescribeCreateAccountStatus",
                        refused("the victim's request", (a, v) -> input("CreateAccountRequestId", v.organization().createAccountRequestId()), "CreateAccountStatusNotFound")),
                organizations("ListCreateAccountStatus",
                        answered("every request", (a, v) -> input(), "the attacker's own requests",
                                (a, v, answer) -> contains(answer, a.organization().createAccountRequestId())),
                        answered("the succeeded ones", (a, v) -> input("States", List.of("SUCCEEDED")), "the attacker's own request",
                                (a, v, answer) -> contains(answer, a.organization().createAccountRequestId()))),
                organizations("ListAccounts",
                        answered("every account", (a, v) -> input(), "the attacker's organization's accounts",
                                (a, v, answer) -> contains(answer, a.organization().memberAccountId()))),
                organizations("DescribeAccount",
                        refused("the victim's member account", (a, v) -> input("AccountId", v.organization().memberAccountId()), "AccountNotFound"),
                        refused("the victim's account", (a, v) -> input("AccountId", v.accountId()), "AccountNotFound")),
                organizations("ListRoots",
                        answered("the roots", (a, v) -> input(), "the attacker's root", (a, v, answer) -> contains(answer, a.organization().rootId()))),
                organizations("CreateOrganizationalUnit",
                        refused("under the victim's root", (a, v) -> input("ParentId", v.organization().rootId(), "Name", a.prefix() + "-intruder"), "ParentNotFound"),
                        refused("under the victim's OU", (a, v) -> input("ParentId", v.organization().organizationalUnitId(), "Name", a.prefix() + "-intruder"),
                                "ParentNotFound"),
                        answered("the victim's OU's name, under the attacker's root: an OU of the attacker's own",
                                (a, v) -> input("ParentId", a.organization().rootId(), "Name", v.organizationalUnitName()), "the attacker's new OU",
                                (a, v, answer) -> contains(answer, "arn:aws:organizations::" + a.accountId() + ":ou/" + a.organization().organizationId() + "/"))
                                .undoneByWhatItAnswered(Service.ORGANIZATIONS, "DeleteOrganizationalUnit",
                                        (a, v, answer) -> input("OrganizationalUnitId", answer.json().path("OrganizationalUnit").path("Id").asText()))),
                organizations("DescribeOrganizationalUnit",
                        refused("the victim's OU", (a, v) -> input("OrganizationalUnitId", v.organization().organizationalUnitId()), "OrganizationalUnitNotFound")),
                organizations("DeleteOrganizationalUnit",
                        refused("the victim's OU", (a, v) -> input("OrganizationalUnitId", v.organization().organizationalUnitId()), "OrganizationalUnitNotFound")),
                organizations("ListOrganizationalUnitsForParent",
                        refused("under the victim's root", (a, v) -> input("ParentId", v.organization().rootId()), "ParentNotFound"),
                        refused("under the victim's OU", (a, v) -> input("ParentId", v.organization().organizationalUnitId()), "ParentNotFound")),
                organizations("ListAccountsForParent",
                        refused("under the victim's root", (a, v) -> input("ParentId", v.organization().rootId()), "ParentNotFound"),
                        refused("under the victim's OU", (a, v) -> input("ParentId", v.organization().organizationalUnitId()), "ParentNotFound")),
                organizations("ListChildren",
                        refused("the OUs under the victim's root", (a, v) -> input("ParentId", v.organization().rootId(), "ChildType", "ORGANIZATIONAL_UNIT"), "ParentNotFound"),
                        refused("the accounts under the victim's OU", (a, v) -> input("ParentId", v.organization().organizationalUnitId(), "ChildType", "ACCOUNT"),
                                "ParentNotFound")),
                organizations("ListParents",
                        refused("of the victim's member account", (a, v) -> input("ChildId", v.organization().memberAccountId()), "ChildNotFound"),
                        refused("of the victim's OU", (a, v) -> input("ChildId", v.organization().organizationalUnitId()), "ChildNotFound"),
                        refused("of the victim's account", (a, v) -> input("ChildId", v.accountId()), "ChildNotFound")),
                organizations("MoveAccount",
                        refused("the victim's member account, to the attacker's root", (a, v) -> input("AccountId", v.organization().memberAccountId(),
                                "SourceParentId", v.organization().organizationalUnitId(), "DestinationParentId", a.organization().rootId()), "AccountNotFound"),
                        refused("the attacker's member account, into the victim's OU", (a, v) -> input("AccountId", a.organization().memberAccountId(),
                                "SourceParentId", a.organization().organizationalUnitId(), "DestinationParentId", v.organization().organizationalUnitId()),
                                "DestinationParentNotFound"),
                        refused("the attacker's member account, from the victim's OU", (a, v) -> input("AccountId", a.organization().memberAccountId(),
                                "SourceParentId", v.organization().organizationalUnitId(), "DestinationParentId", a.organization().rootId()), "SourceParentNotFound")),
                organizations("RemoveAccountFromOrganization",
                        refused("the victim's member account", (a, v) -> input("AccountId", v.organization().memberAccountId()), "AccountNotFound"),
                        refused("the victim's account", (a, v) -> input("AccountId", v.accountId()), "AccountNotFound")),
                organizations("EnableAWSServiceAccess",
                        // trusted access is each organization's own
                        answered("the service the victim trusts, for the attacker's organization", (a, v) -> input("ServicePrincipal", v.organization().servicePrincipal()))
                                .undoneBy(Service.ORGANIZATIONS, "DisableAWSServiceAccess", (a, v) -> input("ServicePrincipal", v.organization().servicePrincipal()))),
                organizations("DisableAWSServiceAccess",
                        answered("the service the victim trusts (the attacker's organization does not)",
                                (a, v) -> input("ServicePrincipal", v.organization().servicePrincipal()))),
                organizations("ListAWSServiceAccessForOrganization",
                        answered("the trusted services", (a, v) -> input(), "the attacker's organization's, without the service only the victim trusts",
                                (a, v, answer) -> doesNotContain(answer, v.organization().servicePrincipal()))),
                organizations("RegisterDelegatedAdministrator",
                        refused("the victim's member account", (a, v) -> input("AccountId", v.organization().memberAccountId(), "ServicePrincipal", CLOUDTRAIL_PRINCIPAL),
                                "AccountNotFound"),
                        refused("the victim's account", (a, v) -> input("AccountId", v.accountId(), "ServicePrincipal", CLOUDTRAIL_PRINCIPAL), "AccountNotFound"),
                        // the victim's trusted access does not count (SERVICE_ACCESS_NOT_ENABLED)
                        refused("the attacker's member account, for the service the victim trusts", (a, v) -> input("AccountId", a.organization().memberAccountId(),
                                "ServicePrincipal", v.organization().servicePrincipal()), "ConstraintViolation")),
                organizations("DeregisterDelegatedAdministrator",
                        refused("the victim's member account, its delegated administrator", (a, v) -> input("AccountId", v.organization().memberAccountId(),
                                "ServicePrincipal", v.organization().servicePrincipal()), "AccountNotFound"),
                        refused("the attacker's member account, for the service it is the victim's delegated administrator for", (a, v) -> input("AccountId",
                                a.organization().memberAccountId(), "ServicePrincipal", v.organization().servicePrincipal()), "AccountNotRegistered")),
                organizations("ListDelegatedAdministrators",
                        answered("every delegated administrator", (a, v) -> input(), "the attacker's member account",
                                (a, v, answer) -> contains(answer, a.organization().memberAccountId())),
                        answered("for the service the victim trusts", (a, v) -> input("ServicePrincipal", v.organization().servicePrincipal()), "none",
                                (a, v, answer) -> empty(answer.json().path("DelegatedAdministrators")))),
                organizations("ListDelegatedServicesForAccount",
                        refused("of the victim's member account", (a, v) -> input("AccountId", v.organization().memberAccountId()), "AccountNotFound"),
                        refused("of the victim's account", (a, v) -> input("AccountId", v.accountId()), "AccountNotFound")),
                // CloudWatch Logs: groups and streams by name, in the attacker's own account and region whatever the name
                logs("CreateLogGroup",
                        refused("the victim's log group ARN as the name", (a, v) -> input("logGroupName", v.logGroupArn()), "InvalidParameter"),
                        answered("the victim's log group name: a group of the attacker's own", (a, v) -> input("logGroupName", v.logGroupName()))
                                .undoneBy(Service.LOGS, "DeleteLogGroup", (a, v) -> input("logGroupName", v.logGroupName()))),
                logs("DescribeLogGroups",
                        answered("every group", (a, v) -> input(), "the attacker's group", (a, v, answer) -> contains(answer, a.logGroupArn())),
                        answered("by the victim's group name as the prefix", (a, v) -> input("logGroupNamePrefix", v.logGroupName()), "none",
                                (a, v, answer) -> empty(answer.json().path("logGroups")))),
                logs("DeleteLogGroup",
                        refused("the victim's group", (a, v) -> input("logGroupName", v.logGroupName()), "ResourceNotFound")),
                logs("PutRetentionPolicy",
                        refused("the victim's group", (a, v) -> input("logGroupName", v.logGroupName(), "retentionInDays", 1), "ResourceNotFound")),
                logs("DeleteRetentionPolicy",
                        refused("the victim's group", (a, v) -> input("logGroupName", v.logGroupName()), "ResourceNotFound")),
                logs("CreateLogStream",
                        refused("in the victim's group", (a, v) -> input("logGroupName", v.logGroupName(), "logStreamName", a.logStreamName()), "ResourceNotFound")),
                logs("DeleteLogStream",
                        refused("the victim's stream", (a, v) -> input("logGroupName", v.logGroupName(), "logStreamName", v.logStreamName()), "ResourceNotFound")),
                logs("DescribeLogStreams",
                        refused("of the victim's group by name", (a, v) -> input("logGroupName", v.logGroupName()), "ResourceNotFound"),
                        refused("of the victim's group by ARN", (a, v) -> input("logGroupIdentifier", v.logGroupArn()), "ResourceNotFound")),
                logs("PutLogEvents",
                        refused("into the victim's stream", (a, v) -> input("logGroupName", v.logGroupName(), "logStreamName", v.logStreamName(),
                                "logEvents", List.of(Map.of("timestamp", System.currentTimeMillis(), "message", "intruder"))), "ResourceNotFound")),
                logs("GetLogEvents",
                        refused("of the victim's stream by group name", (a, v) -> input("logGroupName", v.logGroupName(), "logStreamName", v.logStreamName()), "ResourceNotFound"),
                        refused("of the victim's stream by group ARN", (a, v) -> input("logGroupIdentifier", v.logGroupArn(), "logStreamName", v.logStreamName()), "ResourceNotFound")),
                logs("FilterLogEvents",
                        refused("of the victim's group by name", (a, v) -> input("logGroupName", v.logGroupName()), "ResourceNotFound"),
                        refused("of the victim's group by ARN", (a, v) -> input("logGroupIdentifier", v.logGroupArn(), "logStreamNames", List.of(v.logStreamName())), "ResourceNotFound")),
                logs("TagResource",
                        refused("the victim's group by ARN", (a, v) -> input("resourceArn", v.logGroupArn(), "tags", input("added", "by-the-attacker")), "ResourceNotFound"),
                        refused("the victim's group by ARN with :*, which the model's pattern refuses",
                                (a, v) -> input("resourceArn", v.logGroupArn() + ":*", "tags", input("added", "by-the-attacker")), "InvalidParameter")),
                logs("UntagResource",
                        refused("the victim's group by ARN", (a, v) -> input("resourceArn", v.logGroupArn(), "tagKeys", List.of(v.tagKey())), "ResourceNotFound")),
                logs("ListTagsForResource",
                        refused("the victim's group by ARN", (a, v) -> input("resourceArn", v.logGroupArn()), "ResourceNotFound")),
                logs("TagLogGroup",
                        refused("the victim's group by name", (a, v) -> input("logGroupName", v.logGroupName(), "tags", input("added", "by-the-attacker")), "ResourceNotFound")),
                logs("UntagLogGroup",
                        refused("the victim's group by name", (a, v) -> input("logGroupName", v.logGroupName(), "tags", List.of(v.tagKey())), "ResourceNotFound")),
                logs("ListTagsLogGroup",
                        refused("the victim's group by name", (a, v) -> input("logGroupName", v.logGroupName()), "ResourceNotFound")),
                logs("PutMetricFilter",
                        refused("on the victim's group", (a, v) -> input("logGroupName", v.logGroupName(), "filterName", v.metricFilterName(), "filterPattern", "",
                                "metricTransformations", List.of(input("metricName", a.metricName(), "metricNamespace", a.prefix(), "metricValue", "1"))), "ResourceNotFound")),
                logs("DescribeMetricFilters",
                        answered("every filter", (a, v) -> input(), "the attacker's filter", (a, v, answer) -> contains(answer, a.metricFilterName())),
                        answered("by the victim's metric", (a, v) -> input("metricName", v.metricName(), "metricNamespace", v.prefix()), "none",
                                (a, v, answer) -> empty(answer.json().path("metricFilters"))),
                        refused("of the victim's group", (a, v) -> input("logGroupName", v.logGroupName()), "ResourceNotFound")),
                logs("DeleteMetricFilter",
                        refused("the victim's filter", (a, v) -> input("logGroupName", v.logGroupName(), "filterName", v.metricFilterName()), "ResourceNotFound")),
                logs("TestMetricFilter",
                        // a pure function of its input: nothing of any account
                        answered("the victim's filter's pattern", (a, v) -> input("filterPattern", "ERROR", "logEventMessages", List.of("ERROR in " + v.prefix())),
                                "the one match", (a, v, answer) -> contains(answer, "\"eventNumber\":1"))),
                // EventBridge: rules by name on the attacker's own default bus; the victim's bus by ARN does not exist for the attacker
                events("PutRule",
                        refused("the victim's rule ARN as the name", (a, v) -> input("Name", v.ruleArn(), "EventPattern", RULE_PATTERN), "Validation"),
                        refused("on the victim's default bus by ARN", (a, v) -> input("Name", a.ruleName(), "EventPattern", RULE_PATTERN, "EventBusName", v.eventBusArn()),
                                "ResourceNotFound"),
                        answered("the victim's rule name: a rule of the attacker's own", (a, v) -> input("Name", v.ruleName(), "EventPattern", RULE_PATTERN),
                                "the attacker's new rule", (a, v, answer) -> contains(answer, "arn:aws:events:" + REGION + ":" + a.accountId() + ":rule/" + v.ruleName()))
                                .undoneBy(Service.EVENTS, "DeleteRule", (a, v) -> input("Name", v.ruleName()))),
                events("DescribeRule",
                        refused("the victim's rule", (a, v) -> input("Name", v.ruleName()), "ResourceNotFound"),
                        refused("on the victim's bus by ARN", (a, v) -> input("Name", v.ruleName(), "EventBusName", v.eventBusArn()), "ResourceNotFound")),
                events("ListRules",
                        answered("every rule", (a, v) -> input(), "the attacker's rule", (a, v, answer) -> contains(answer, a.ruleArn())),
                        answered("by the victim's rule name as the prefix", (a, v) -> input("NamePrefix", v.ruleName()), "none",
                                (a, v, answer) -> empty(answer.json().path("Rules"))),
                        refused("on the victim's bus by ARN", (a, v) -> input("EventBusName", v.eventBusArn()), "ResourceNotFound")),
                events("DeleteRule",
                        // AWS answers a rule that does not exist with success: the attacker's account has none of that name
                        answered("the victim's rule: none of the attacker's", (a, v) -> input("Name", v.ruleName())),
                        refused("on the victim's bus by ARN", (a, v) -> input("Name", v.ruleName(), "EventBusName", v.eventBusArn()), "ResourceNotFound")),
                events("EnableRule",
                        refused("the victim's rule", (a, v) -> input("Name", v.ruleName()), "ResourceNotFound")),
                events("DisableRule",
                        refused("the victim's rule", (a, v) -> input("Name", v.ruleName()), "ResourceNotFound")),
                events("PutTargets",
                        refused("on the victim's rule", (a, v) -> input("Rule", v.ruleName(), "Targets", List.of(target("t", a.logGroupArn()))), "ResourceNotFound"),
                        answered("the victim's log group as a target of the attacker's rule", (a, v) -> input("Rule", a.ruleName(),
                                "Targets", List.of(target("intruder", v.logGroupArn()))), "the entry failed",
                                (a, v, answer) -> answer.json().path("FailedEntryCount").asInt() == 1 ? Optional.empty() : Optional.of("the entry was put"))),
                events("RemoveTargets",
                        refused("of the victim's rule", (a, v) -> input("Rule", v.ruleName(), "Ids", List.of(v.ruleName())), "ResourceNotFound")),
                events("ListTargetsByRule",
                        refused("of the victim's rule", (a, v) -> input("Rule", v.ruleName()), "ResourceNotFound")),
                events("ListRuleNamesByTarget",
                        answered("the victim's log group", (a, v) -> input("TargetArn", v.logGroupArn()), "none",
                                (a, v, answer) -> empty(answer.json().path("RuleNames")))),
                events("TestEventPattern",
                        answered("an event of the victim's account", (a, v) -> input("EventPattern", RULE_PATTERN, "Event", "{\"id\":\"1\",\"account\":\"" + v.accountId()
                                + "\",\"source\":\"aws.iam\",\"time\":\"2026-12-03T10:00:00Z\",\"region\":\"" + REGION
                                + "\",\"resources\":[],\"detail-type\":\"AWS API Call via CloudTrail\"}"))),
                events("PutEvents",
                        answered("onto the victim's default bus by ARN: the entry is refused", (a, v) -> input("Entries", List.of(Map.of("Source", "attacker.app",
                                "DetailType", "intrusion", "Detail", "{}", "EventBusName", v.eventBusArn()))), "a failed entry",
                                (a, v, answer) -> answer.json().path("FailedEntryCount").asInt() == 1 ? Optional.empty() : Optional.of("the entry was taken"))),
                // EventBridge connections and API destinations, by name in the attacker's own account; the victim's connection by ARN
                events("CreateConnection",
                        refused("the victim's connection ARN as the name", (a, v) -> connection(v.connectionArn()), "Validation"),
                        answered("the victim's connection name: a connection of the attacker's own", (a, v) -> connection(v.connectionName()),
                                "the attacker's new connection", (a, v, answer) -> contains(answer, "arn:aws:events:" + REGION + ":" + a.accountId() + ":connection/" + v.connectionName()))
                                .undoneBy(Service.EVENTS, "DeleteConnection", (a, v) -> input("Name", v.connectionName()))),
                events("DescribeConnection",
                        refused("the victim's connection", (a, v) -> input("Name", v.connectionName()), "ResourceNotFound")),
                events("ListConnections",
                        answered("every connection", (a, v) -> input(), "the attacker's connection", (a, v, answer) -> contains(answer, a.connectionArn())),
                        answered("by the victim's connection name as the prefix", (a, v) -> input("NamePrefix", v.connectionName()), "none",
                                (a, v, answer) -> empty(answer.json().path("Connections")))),
                events("UpdateConnection",
                        refused("the victim's connection", (a, v) -> input("Name", v.connectionName(), "Description", "taken"), "ResourceNotFound"),
                        refused("the victim's connection's password", (a, v) -> input("Name", v.connectionName(),
                                "AuthParameters", Map.of("BasicAuthParameters", Map.of("Password", a.password()))), "ResourceNotFound")),
                events("DeleteConnection",
                        refused("the victim's connection", (a, v) -> input("Name", v.connectionName()), "ResourceNotFound")),
                events("DeauthorizeConnection",
                        refused("the victim's connection", (a, v) -> input("Name", v.connectionName()), "ResourceNotFound")),
                events("CreateApiDestination",
                        refused("on the victim's connection", (a, v) -> apiDestination(a.prefix() + "-intruder", v.connectionArn()), "ResourceNotFound"),
                        answered("the victim's destination name: one of the attacker's own, on its own connection", (a, v) -> apiDestination(v.apiDestinationName(),
                                a.connectionArn()), "the attacker's new destination", (a, v, answer) -> contains(answer, "arn:aws:events:" + REGION + ":" + a.accountId()
                                + ":api-destination/" + v.apiDestinationName()))
                                .undoneBy(Service.EVENTS, "DeleteApiDestination", (a, v) -> input("Name", v.apiDestinationName()))),
                events("DescribeApiDestination",
                        refused("the victim's destination", (a, v) -> input("Name", v.apiDestinationName()), "ResourceNotFound")),
                events("ListApiDestinations",
                        answered("every destination", (a, v) -> input(), "the attacker's destination", (a, v, answer) -> contains(answer, a.apiDestinationName())),
                        answered("by the victim's connection", (a, v) -> input("ConnectionArn", v.connectionArn()), "none",
                                (a, v, answer) -> empty(answer.json().path("ApiDestinations")))),
                events("UpdateApiDestination",
                        refused("the victim's destination", (a, v) -> input("Name", v.apiDestinationName(), "InvocationRateLimitPerSecond", 1), "ResourceNotFound"),
                        refused("the attacker's destination onto the victim's connection", (a, v) -> input("Name", a.apiDestinationName(), "ConnectionArn", v.connectionArn()),
                                "ResourceNotFound")),
                events("DeleteApiDestination",
                        refused("the victim's destination", (a, v) -> input("Name", v.apiDestinationName()), "ResourceNotFound")),
                // SNS: topics by ARN, which names their account; names are the attacker's own
                sns("CreateTopic",
                        refused("the victim's topic ARN as the name", (a, v) -> input("Name", v.topicArn()), "InvalidParameter"),
                        answered("the victim's topic name: a topic of the attacker's own", (a, v) -> input("Name", v.topicName()), "the attacker's ARN",
                                (a, v, answer) -> contains(answer, "arn:aws:sns:" + REGION + ":" + a.accountId() + ":" + v.topicName()))
                                .undoneBy(Service.SNS, "DeleteTopic", (a, v) -> input("TopicArn", "arn:aws:sns:" + REGION + ":" + a.accountId() + ":" + v.topicName()))),
                sns("DeleteTopic",
                        refusedTopic("the victim's topic", (a, v) -> input("TopicArn", v.topicArn()))),
                sns("ListTopics",
                        answered("every topic", (a, v) -> input(), "the attacker's topic", (a, v, answer) -> contains(answer, a.topicArn()))),
                sns("GetTopicAttributes",
                        refusedTopic("of the victim's topic", (a, v) -> input("TopicArn", v.topicArn()))),
                sns("SetTopicAttributes",
                        refusedTopic("of the victim's topic", (a, v) -> input("TopicArn", v.topicArn(), "AttributeName", "DisplayName", "AttributeValue", "taken"))),
                sns("Subscribe",
                        refusedTopic("to the victim's topic", (a, v) -> input("TopicArn", v.topicArn(), "Protocol", "https", "Endpoint", a.subscriptionEndpoint()))),
                sns("ConfirmSubscription",
                        refusedTopic("to the victim's topic", (a, v) -> input("TopicArn", v.topicArn(), "Token", "0123456789abcdef"))),
                sns("Unsubscribe",
                        refusedTopic("a subscription of the victim's topic", (a, v) -> input("SubscriptionArn", v.topicArn() + ":00000000-0000-4000-8000-000000000000"))),
                sns("ListSubscriptions",
                        answered("every subscription", (a, v) -> input(), "the attacker's subscription", (a, v, answer) -> contains(answer, a.subscriptionEndpoint()))),
                sns("ListSubscriptionsByTopic",
                        refusedTopic("of the victim's topic", (a, v) -> input("TopicArn", v.topicArn()))),
                sns("Publish",
                        refusedTopic("to the victim's topic", (a, v) -> input("TopicArn", v.topicArn(), "Message", "intrusion"))));

        Map<String, Entry> byOperation = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (byOperation.put(entry.key(), entry) != null) {
                throw new IllegalStateException("two entries for " + entry.key());
            }
        }
        return byOperation;
    }

    private static ObjectNode attribute(String key, String value)
    {
        return input("AttributeKey", key, "AttributeValue", value);
    }

    /** A JSON object of members and values (strings, booleans, numbers, lists, objects). */
    private static ObjectNode input(Object... membersAndValues)
    {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < membersAndValues.length; i += 2) {
            node.set((String) membersAndValues[i], JSON.valueToTree(membersAndValues[i + 1]));
        }
        return node;
    }

    private static Optional<String> contains(Answer answer, String expected)
    {
        return answer.body().contains(expected) ? Optional.empty() : Optional.of("does not contain " + expected);
    }

    private static Optional<String> doesNotContain(Answer answer, String unexpected)
    {
        return answer.body().contains(unexpected) ? Optional.of("contains " + unexpected) : Optional.empty();
    }

    private static Optional<String> empty(JsonNode list)
    {
        return list.isArray() && list.isEmpty() ? Optional.empty() : Optional.of("not empty: " + list);
    }

    /** A CreateAccount answer: a request in progress, naming no account. */
    private static Optional<String> inProgress(Answer answer)
            throws IOException
    {
        JsonNode status = answer.json().path("CreateAccountStatus");
        return status.path("State").asText().equals("IN_PROGRESS") && !status.has("AccountId") ? Optional.empty() : Optional.of("not a request in progress: " + status);
    }

    private static Optional<String> count(Answer answer, long expected)
            throws IOException
    {
        long count = answer.json().path("Summary").path("Count").asLong(-1);
        return count == expected ? Optional.empty() : Optional.of("Summary.Count is " + count + ": " + answer.body());
    }

    /** Every event is recorded in the attacker's account, and none is the victim's event. */
    private static Optional<String> onlyOwnEvents(Tenant attacker, Tenant victim, Answer answer)
            throws IOException
    {
        for (JsonNode event : answer.json().path("Events")) {
            JsonNode record = JSON.readTree(event.path("CloudTrailEvent").asText());
            if (!record.path("recipientAccountId").asText().equals(attacker.accountId())) {
                return Optional.of("an event of account " + record.path("recipientAccountId").asText() + ": " + event);
            }
            if (event.path("EventId").asText().equals(victim.eventId())) {
                return Optional.of("the victim's event " + victim.eventId());
            }
        }
        return Optional.empty();
    }

    private static String describe(Entry entry, Attempt attempt, Tenant attacker, Channel channel)
    {
        return entry.key() + " (" + attempt.description() + (attempt.region().equals(REGION) ? "" : ", in " + attempt.region()) + "), " + attacker.prefix()
                + "'s " + channel;
    }

    /**
     * Makes the attempt on the victim and on its ghost; adds what is wrong to the failures. Returns how many requests
     * it made.
     */
    private int check(Entry entry, Attempt attempt, Tenant attacker, Tenant victim, Channel channel, Failures failures)
            throws Exception
    {
        String described = describe(entry, attempt, attacker, channel);
        Outcome expected = attempt.outcome(channel);
        ObjectNode input = attempt.input().of(attacker, victim);
        Answer answer = send(attacker, channel, entry.service(), entry.operation(), attempt.region(), input);
        int requests = 1;
        Optional<String> problem = judge(expected, attempt, attacker, victim, victim, input, answer);
        problem.ifPresent(text -> failures.add(described + ": " + text));
        requests += undo(attempt, attacker, victim, answer, described, failures);
        // refusals only (successes are checked for what they hold), and in one direction: no answer's path depends on
        // which of the two accounts asks
        if (attempt.tellsExistence() || !(expected instanceof Refused) || attacker != bravo) {
            return requests;
        }
        Tenant ghost = victim.ghost();
        ObjectNode ghostInput = attempt.input().of(attacker, ghost);
        Answer ghostAnswer = send(attacker, channel, entry.service(), entry.operation(), attempt.region(), ghostInput);
        requests++;
        judge(expected, attempt, attacker, ghost, victim, ghostInput, ghostAnswer).ifPresent(text -> failures.add(described + ", on things the victim does not have: " + text));
        requests += undo(attempt, attacker, ghost, ghostAnswer, described + ", on things the victim does not have", failures);
        if (problem.isEmpty()) {
            String real = answer.status() + " " + answer.code() + ": " + answer.message();
            String unghosted = victim.unghost(ghost, ghostAnswer.status() + " " + ghostAnswer.code() + ": " + ghostAnswer.message());
            if (!real.equals(unghosted)) {
                failures.add(described + ": the answer tells whether the victim has the thing: " + real + " | for things it does not have: " + unghosted);
            }
        }
        return requests;
    }

    private Optional<String> judge(Outcome expected, Attempt attempt, Tenant attacker, Tenant victim, Tenant realVictim, ObjectNode input, Answer answer)
            throws IOException
    {
        if (expected instanceof Refused refused) {
            if (answer.status() == 200 || !normalized(answer.code()).equals(normalized(refused.code()))) {
                return Optional.of("expected " + refused.code() + ", got " + answer);
            }
        }
        else if (expected instanceof Answered answered) {
            if (answer.status() != 200) {
                return Optional.of("expected " + answered + ", got " + answer);
            }
            Optional<String> problem = answered.check().problem(attacker, victim, answer);
            if (problem.isPresent()) {
                return Optional.of("expected " + answered + ": " + problem.get());
            }
        }
        if (attempt.markersChecked()) {
            String sent = input.toString();
            for (String marker : realVictim.markers()) {
                if (answer.body().contains(marker) && !sent.contains(marker)) {
                    return Optional.of("the answer names " + marker + " of the victim's account: " + answer);
                }
            }
        }
        return Optional.empty();
    }

    private int undo(Attempt attempt, Tenant attacker, Tenant victim, Answer answer, String described, Failures failures)
            throws Exception
    {
        if (attempt.cleanup().isEmpty() || answer.status() != 200) {
            return 0;
        }
        Call call = attempt.cleanup().get();
        Answer undone = send(attacker, Channel.ROOT, call.service(), call.operation(), attempt.region(), call.input().of(attacker, victim, answer));
        if (undone.status() != 200) {
            failures.add(described + ": could not be undone: " + undone);
        }
        return 1;
    }

    private static String normalized(String code)
    {
        String plain = code.substring(code.indexOf('#') + 1);
        if (plain.endsWith("Exception")) {
            plain = plain.substring(0, plain.length() - "Exception".length());
        }
        return plain.equals("ValidationError") ? "Validation" : plain;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // requests

    /** An answer: its status, body, and for errors the code and message. */
    private record Answer(int status, String body, String code, String message)
    {
        JsonNode json()
                throws IOException
        {
            return JSON.readTree(body);
        }

        static Answer of(int status, String body)
                throws IOException
        {
            if (status == 200) {
                return new Answer(status, body, "", "");
            }
            if (body.trim().startsWith("{")) {
                JsonNode error = JSON.readTree(body);
                return new Answer(status, body, error.path("__type").asText(), error.has("message") ? error.path("message").asText() : error.path("Message").asText());
            }
            return new Answer(status, body, first(QUERY_CODE, body), unescaped(first(QUERY_MESSAGE, body)));
        }

        private static String first(Pattern pattern, String body)
        {
            Matcher matcher = pattern.matcher(body);
            return matcher.find() ? matcher.group(1) : "";
        }

        private static String unescaped(String xml)
        {
            return xml.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        }

        @Override
        public String toString()
        {
            return status + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }

    private Answer send(Tenant caller, Channel channel, Service service, String operation, String region, ObjectNode input)
            throws IOException, InterruptedException
    {
        return switch (channel) {
            case ROOT -> api(caller.root(), service, operation, region, input);
            case ADMINISTRATOR -> api(caller.administrator(), service, operation, region, input);
            case ROLE_SESSION -> api(caller.roleSession(), service, operation, region, input);
            case CONSOLE -> console(caller.console(), service, operation, region, input);
        };
    }

    /**
     * A signed API request: JSON 1.1 for CloudTrail, Organizations, CloudWatch Logs and EventBridge, the Query protocol
     * for IAM, STS and SNS, REST-JSON for CloudTrail Data.
     */
    private Answer api(Keys keys, Service service, String operation, String region, ObjectNode input)
            throws IOException, InterruptedException
    {
        if (service == Service.CLOUDTRAIL_DATA) {
            return restJson(keys, operation, region, input);
        }
        Map<String, String> headers;
        String body;
        if (service == Service.CLOUDTRAIL || service == Service.ORGANIZATIONS || service == Service.LOGS || service == Service.EVENTS) {
            headers = switch (service) {
                case CLOUDTRAIL -> RawRequests.cloudTrailHeaders(operation);
                case ORGANIZATIONS -> RawRequests.organizationsHeaders(operation);
                case EVENTS -> RawRequests.eventsHeaders(operation);
                default -> RawRequests.logsHeaders(operation);
            };
            body = JSON.writeValueAsString(input);
        }
        else {
            headers = RawRequests.queryHeaders();
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("Action", operation);
            parameters.put("Version", switch (service) {
                case IAM -> "2010-05-08";
                case SNS -> "2010-03-31";
                default -> "2011-06-15";
            });
            flatten("", input, parameters);
            body = parameters.entrySet().stream()
                    .map(parameter -> parameter.getKey() + "=" + URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
        keys.sessionToken().ifPresent(token -> headers.put("X-Amz-Security-Token", token));
        RawRequests.Response response = RawRequests.send(server.endpoint(), headers, body, keys.accessKeyId(), keys.secretAccessKey(),
                service.global() ? REGION : region, service.signingName(), Instant.now());
        return Answer.of(response.status(), response.body());
    }

    /** CloudTrail Data's {@code POST /<Operation>}: {@code channelArn} and {@code externalId} in the query string, the rest a JSON body. */
    private Answer restJson(Keys keys, String operation, String region, ObjectNode input)
            throws IOException, InterruptedException
    {
        ObjectNode body = input.deepCopy();
        List<String> query = new ArrayList<>();
        for (String member : List.of("channelArn", "externalId")) {
            if (body.has(member)) {
                query.add(member + "=" + URLEncoder.encode(body.remove(member).asText(), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        keys.sessionToken().ifPresent(token -> headers.put("X-Amz-Security-Token", token));
        RawRequests.Response response = RawRequests.sendRest(server.endpoint(), "/" + operation + (query.isEmpty() ? "" : "?" + String.join("&", query)), headers,
                JSON.writeValueAsBytes(body), keys.accessKeyId(), keys.secretAccessKey(), region, Service.CLOUDTRAIL_DATA.signingName(), Instant.now());
        return Answer.of(response.status(), response.body());
    }

    /** Query parameters of a JSON input: lists as {@code Name.member.N}, structures as {@code Name.Member}. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> parameters)
    {
        if (node.isObject()) {
            node.properties().forEach(member -> flatten(prefix.isEmpty() ? member.getKey() : prefix + "." + member.getKey(), member.getValue(), parameters));
        }
        else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + ".member." + (i + 1), node.get(i), parameters);
            }
        }
        else {
            parameters.put(prefix, node.asText());
        }
    }

    /** A console call, in the session: {@code POST /console/api/{service}/{operation}} with the input as JSON. */
    private Answer console(ConsoleSession session, Service service, String operation, String region, ObjectNode input)
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/api/" + service.signingName() + "/" + operation))
                .header("Cookie", session.cookie())
                .header("X-Cairn-Csrf", session.csrfToken())
                .header("X-Cairn-Region", region)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(input))).build(), HttpResponse.BodyHandlers.ofString());
        return Answer.of(response.statusCode(), response.body());
    }

    private HttpResponse<String> signIn(String account, String user, String password)
            throws IOException, InterruptedException
    {
        String form = "account=" + URLEncoder.encode(account, StandardCharsets.UTF_8) + "&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // event history, the console, live streams, credentials, delivery, and roles across accounts

    /**
     * Each account's event history holds its own events only (in every region): the other account shows in it only as
     * the caller of an AssumeRole of its roles, as AWS records those in both accounts. No event id is in both, and
     * the other's event ids, users and trails find nothing.
     */
    @Test
    @Order(2)
    public void eventHistoryKeepsToItsAccount()
            throws Exception
    {
        Map<Tenant, Set<String>> eventIds = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Tenant tenant : tenants()) {
            Set<String> ids = new HashSet<>();
            for (String region : TestingCairnServer.REGIONS) {
                try (CloudTrailClient cloudTrail = server.cloudTrail(tenant.root().provider(), region)) {
                    for (var event : cloudTrail.lookupEventsPaginator(request -> request.maxResults(50)).events()) {
                        ids.add(event.eventId());
                        JsonNode record = EventHistory.record(event);
                        problems.addAll(foreignness(tenant, record));
                    }
                }
            }
            assertThat(ids).as("%s's events", tenant.prefix()).hasSizeGreaterThan(100);
            eventIds.put(tenant, ids);
        }
        assertThat(problems).isEmpty();
        assertThat(eventIds.get(alpha)).doesNotContainAnyElementsOf(eventIds.get(bravo));
        for (Tenant tenant : tenants()) {
            Tenant other = other(tenant);
            try (CloudTrailClient cloudTrail = server.cloudTrail(tenant.root().provider(), REGION)) {
                assertThat(EventHistory.all(cloudTrail, LookupAttributeKey.EVENT_ID, other.eventId())).as("the other's event by id").isEmpty();
                assertThat(EventHistory.all(cloudTrail, LookupAttributeKey.USERNAME, other.userName())).as("the other's user").isEmpty();
                assertThat(EventHistory.all(cloudTrail, LookupAttributeKey.USERNAME, other.administratorName())).as("the other's administrator").isEmpty();
                assertThat(EventHistory.all(cloudTrail, LookupAttributeKey.ACCESS_KEY_ID, other.administrator().accessKeyId())).as("the other's key").isEmpty();
                assertThat(EventHistory.all(cloudTrail, LookupAttributeKey.RESOURCE_NAME, other.trailArn()))
                        .as("the other's trail: only this account's own attempts on it")
                        .isNotEmpty()
                        .allSatisfy(event -> assertThat(EventHistory.record(event).path("recipientAccountId").asText()).isEqualTo(tenant.accountId()));
            }
        }
    }

    /** What is wrong with a record found in the tenant's history: anything of another account but an AssumeRole's caller. */
    private List<String> foreignness(Tenant tenant, JsonNode record)
    {
        List<String> problems = new ArrayList<>();
        String id = record.path("eventID").asText();
        if (!record.path("recipientAccountId").asText().equals(tenant.accountId())) {
            problems.add(tenant.prefix() + "'s history has " + id + " of account " + record.path("recipientAccountId").asText());
        }
        JsonNode identity = record.path("userIdentity");
        if (!identity.path("accountId").asText().equals(tenant.accountId())) {
            // AWS records a cross-account AssumeRole in the role's account too, naming the caller only by account and principal id
            boolean assumeRoleCaller = record.path("eventName").asText().equals("AssumeRole") && identity.path("type").asText().equals("AWSAccount")
                    && identity.path("accountId").asText().equals(other(tenant).accountId()) && !identity.has("arn") && !identity.has("userName")
                    && record.has("sharedEventID");
            if (!assumeRoleCaller) {
                problems.add(tenant.prefix() + "'s history has " + id + " by " + identity);
            }
        }
        return problems;
    }

    /**
     * Console sign-in names the account: another account's user does not sign in by this account's id or alias; each
     * session is of its account; one session's cookie does not go with another's CSRF token.
     */
    @Test
    @Order(3)
    public void consoleSessionsAreOfTheirAccount()
            throws Exception
    {
        for (Tenant tenant : tenants()) {
            Tenant other = other(tenant);
            for (String account : List.of(tenant.accountId(), tenant.alias())) {
                HttpResponse<String> refused = signIn(account, other.userName(), other.password());
                assertThat(refused.statusCode()).as("%s's user signing in to %s", other.prefix(), account).isEqualTo(401);
                assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
            }
            HttpResponse<String> signedIn = signIn(tenant.alias(), tenant.userName(), tenant.password());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(signedIn.body()).path("accountId").asText()).isEqualTo(tenant.accountId());
            assertThat(JSON.readTree(signedIn.body()).path("arn").asText()).isEqualTo(tenant.userArn());

            HttpResponse<String> session = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/session")).header("Cookie", tenant.console().cookie())
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(session.body()).path("accountId").asText()).isEqualTo(tenant.accountId());
            Answer mixed = console(new ConsoleSession(tenant.console().cookie(), other.console().csrfToken()), Service.CLOUDTRAIL, "DescribeTrails", REGION, input());
            assertThat(mixed.status()).isEqualTo(403);
            assertThat(mixed.code()).isEqualTo("InvalidCsrfToken");
        }
    }

    /**
     * The console's live streams (server-sent events) carry their account's events only: each account makes a call
     * between two of the other's, and each stream gets its account's calls and none of the other's.
     */
    @Test
    @Order(4)
    public void liveStreamsCarryOnlyTheirAccountsEvents()
            throws Exception
    {
        try (LiveStream alphaLive = new LiveStream(alpha); LiveStream bravoLive = new LiveStream(bravo)) {
            createUser(alpha, "alpha-live-1");
            createUser(bravo, "bravo-live-1");
            createUser(alpha, "alpha-live-2");
            // an account's later event has come: the other's earlier ones would have too (the history indexes in order)
            List<JsonNode> alphaEvents = alphaLive.until("alpha-live-2");
            List<JsonNode> bravoEvents = bravoLive.until("bravo-live-1");
            assertThat(alphaEvents.toString()).contains("alpha-live-1").doesNotContain("bravo-live-1");
            assertThat(bravoEvents.toString()).doesNotContain("alpha-live-1");
            for (Tenant tenant : tenants()) {
                List<JsonNode> events = tenant == alpha ? alphaEvents : bravoEvents;
                assertThat(events).allSatisfy(event -> assertThat(foreignness(tenant, JSON.readTree(event.path("CloudTrailEvent").asText()))).isEmpty());
            }
        }
    }

    private void createUser(Tenant tenant, String userName)
    {
        try (IamClient iam = server.iam(tenant.root().provider())) {
            iam.createUser(request -> request.userName(userName));
        }
    }

    /** A console live stream of every event of its session's account, read on a thread of its own. */
    private final class LiveStream
            implements AutoCloseable
    {
        private final BlockingQueue<String[]> messages = new LinkedBlockingQueue<>();
        private final InputStream body;
        private final Thread reader;

        LiveStream(Tenant tenant)
                throws Exception
        {
            // from a few seconds back: the stream's start need not race the calls that follow
            long since = Instant.now().getEpochSecond() - 5;
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/live?region=" + REGION
                            + "&search=" + URLEncoder.encode("{}", StandardCharsets.UTF_8) + "&since=" + since))
                    .header("Cookie", tenant.console().cookie())
                    .header("Accept", "text/event-stream")
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            body = response.body();
            reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String event = "message";
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("event:")) {
                            event = line.substring("event:".length()).trim();
                        }
                        else if (line.startsWith("data:")) {
                            messages.add(new String[] {event, line.substring("data:".length()).trim()});
                        }
                        else if (line.isEmpty()) {
                            event = "message";
                        }
                    }
                }
                catch (IOException e) {
                    // closed
                }
            }, "live-stream-" + tenant.prefix());
            reader.setDaemon(true);
            reader.start();
        }

        /** Every event the stream sent until one whose record mentions the text. */
        List<JsonNode> until(String text)
                throws Exception
        {
            List<JsonNode> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                String[] message = messages.poll(100, TimeUnit.MILLISECONDS);
                if (message == null) {
                    continue;
                }
                assertThat(message[0]).as("a live stream message: %s", message[1]).isEqualTo("events");
                boolean found = false;
                for (JsonNode event : JSON.readTree(message[1]).path("Events")) {
                    events.add(event);
                    found |= event.path("CloudTrailEvent").asText().contains(text);
                }
                if (found) {
                    return events;
                }
            }
            throw new AssertionError("no live event mentioning " + text + " within 15 s; had " + events);
        }

        @Override
        public void close()
                throws Exception
        {
            body.close();
            reader.interrupt();
        }
    }

    /**
     * A key authenticates only with its own secret, and a session token only with its own session's key: mixing one
     * account's with the other's is refused, whichever protocol.
     */
    @Test
    @Order(5)
    public void keysAndTokensActOnlyAsTheirOwn()
            throws Exception
    {
        for (Tenant tenant : tenants()) {
            Tenant other = other(tenant);
            // the tenant's key id, signed with the other's secret
            assertThat(raw(Service.CLOUDTRAIL, new Keys(tenant.root().accessKeyId(), other.root().secretAccessKey(), Optional.empty())).code())
                    .isEqualTo("InvalidSignatureException");
            assertThat(raw(Service.STS, new Keys(tenant.administrator().accessKeyId(), other.administrator().secretAccessKey(), Optional.empty())).code())
                    .isEqualTo("SignatureDoesNotMatch");
            // the other's session token, with the tenant's long-term key, or with the tenant's session key and secret
            assertThat(raw(Service.CLOUDTRAIL, new Keys(tenant.administrator().accessKeyId(), tenant.administrator().secretAccessKey(), other.roleSession().sessionToken())).code())
                    .isEqualTo("UnrecognizedClientException");
            assertThat(raw(Service.STS, new Keys(tenant.roleSession().accessKeyId(), tenant.roleSession().secretAccessKey(), other.roleSession().sessionToken())).code())
                    .isEqualTo("InvalidClientTokenId");
            // the other's session key id, with the other's token, signed with the tenant's session secret
            assertThat(raw(Service.STS, new Keys(other.roleSession().accessKeyId(), tenant.roleSession().secretAccessKey(), other.roleSession().sessionToken())).code())
                    .isEqualTo("SignatureDoesNotMatch");
            // a session key id made to carry the other's account (as AWS's key ids carry theirs), with the tenant's token and secret
            String claimingTheOther = new IdGenerator().temporaryAccessKeyId(other.accountId());
            assertThat(IdGenerator.accountOfKeyId(claimingTheOther)).contains(other.accountId());
            assertThat(raw(Service.STS, new Keys(claimingTheOther, tenant.roleSession().secretAccessKey(), tenant.roleSession().sessionToken())).code())
                    .isEqualTo("InvalidClientTokenId");
            // and as they are, each is its own account's
            assertThat(raw(Service.STS, tenant.roleSession()).body()).contains("<Account>" + tenant.accountId() + "</Account>");
        }
    }

    /** DescribeTrails (CloudTrail) or GetCallerIdentity (STS), signed with these keys. */
    private Answer raw(Service service, Keys keys)
            throws Exception
    {
        return service == Service.CLOUDTRAIL ? api(keys, service, "DescribeTrails", REGION, input()) : api(keys, service, "GetCallerIdentity", REGION, input());
    }

    /** Each account's trail delivers its account's records only, under its account's prefix. */
    @Test
    @Order(6)
    public void deliveredLogFilesHoldOnlyTheirAccountsRecords()
            throws Exception
    {
        for (Tenant tenant : tenants()) {
            createUser(tenant, tenant.prefix() + "-delivered");
        }
        for (Tenant tenant : tenants()) {
            Path bucket = buckets.get(tenant.bucket());
            List<JsonNode> records = Poll.until(tenant.prefix() + "'s CreateUser in its bucket", Duration.ofSeconds(20), Duration.ofMillis(200), () -> deliveredRecords(bucket),
                    delivered -> delivered.stream().anyMatch(record -> record.path("requestParameters").path("userName").asText().equals(tenant.prefix() + "-delivered")));
            assertThat(records).allSatisfy(record -> assertThat(foreignness(tenant, record)).isEmpty());
            assertThat(records.toString()).doesNotContain(other(tenant).prefix() + "-delivered");
            try (Stream<Path> files = Files.walk(bucket)) {
                assertThat(files.filter(Files::isRegularFile).map(file -> bucket.relativize(file).toString()).filter(file -> file.startsWith("AWSLogs/")))
                        .isNotEmpty()
                        .allSatisfy(file -> assertThat(file).startsWith("AWSLogs/" + tenant.accountId() + "/"));
            }
        }
    }

    private static List<JsonNode> deliveredRecords(Path bucket)
            throws IOException
    {
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(bucket)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json.gz")).toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    JSON.readTree(in).path("Records").forEach(records::add);
                }
            }
        }
        return records;
    }

    /**
     * Cross-account access only through an allowed role: bravo's developer cannot assume alpha's role until alpha
     * creates one trusting bravo and bravo allows the developer; then the session acts in alpha exactly within the
     * role's policies, never on bravo's things, and is recorded in alpha only; withdrawn trust and policies end it. A
     * session named after one of alpha's users is not that user.
     */
    @Test
    @Order(9)
    public void crossAccountAccessOnlyThroughAnAllowedRole()
            throws Exception
    {
        String partnerArn = "arn:aws:iam::" + alpha.accountId() + ":role/alpha-partner";
        String partnerPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"cloudtrail:DescribeTrails\",\"cloudtrail:GetTrail\","
                + "\"cloudtrail:GetTrailStatus\",\"cloudtrail:ListTags\",\"cloudtrail:LookupEvents\",\"iam:ListUsers\",\"iam:GetUser\",\"iam:ChangePassword\"],"
                + "\"Resource\":\"*\"}]}";
        try (IamClient alphaIam = server.iam(alpha.root().provider()); IamClient bravoIam = server.iam(bravo.root().provider())) {
            bravoIam.createUser(request -> request.userName("bravo-developer"));
            AccessKey key = bravoIam.createAccessKey(request -> request.userName("bravo-developer")).accessKey();
            Keys developer = new Keys(key.accessKeyId(), key.secretAccessKey(), Optional.empty());
            Credentials credentials;
            Credentials namedAfterAUser;
            try (StsClient sts = server.sts(developer.provider())) {
                // no role yet
                String noRole = assertAccessDenied(() -> sts.assumeRole(request -> request.roleArn(partnerArn).roleSessionName("developer")));
                // alpha's role trusts bravo's account; bravo has not allowed its developer: the same answer as for no role
                alphaIam.createRole(request -> request.roleName("alpha-partner").assumeRolePolicyDocument(trust("arn:aws:iam::" + bravo.accountId() + ":root")));
                alphaIam.putRolePolicy(request -> request.roleName("alpha-partner").policyName("partner").policyDocument(partnerPolicy));
                assertThat(assertAccessDenied(() -> sts.assumeRole(request -> request.roleArn(partnerArn).roleSessionName("developer")))).isEqualTo(noRole);
                bravoIam.putUserPolicy(request -> request.userName("bravo-developer").policyName("assume-partner").policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + partnerArn + "\"}]}"));
                credentials = sts.assumeRole(request -> request.roleArn(partnerArn).roleSessionName("developer")).credentials();
                namedAfterAUser = sts.assumeRole(request -> request.roleArn(partnerArn).roleSessionName(alpha.userName())).credentials();
            }
            Keys session = new Keys(credentials.accessKeyId(), credentials.secretAccessKey(), Optional.of(credentials.sessionToken()));
            try (StsClient sts = server.sts(session.provider()); CloudTrailClient cloudTrail = server.cloudTrail(session.provider(), REGION);
                    IamClient iam = server.iam(session.provider())) {
                assertThat(sts.getCallerIdentity().account()).isEqualTo(alpha.accountId());
                assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::" + alpha.accountId() + ":assumed-role/alpha-partner/developer");
                // alpha's things, within the role's policies
                assertThat(cloudTrail.describeTrails().trailList()).extracting(Trail::name).contains(alpha.trailName()).doesNotContain(bravo.trailName());
                assertThat(cloudTrail.getTrailStatus(request -> request.name(alpha.trailArn())).isLogging()).isTrue();
                assertThat(iam.listUsers().users()).extracting(User::userName).contains(alpha.userName()).doesNotContain(bravo.userName());
                assertThat(iam.getUser(request -> request.userName(alpha.userName())).user().arn()).isEqualTo(alpha.userArn());
                assertThat(cloudTrail.lookupEvents(request -> request.maxResults(50)).events())
                        .allSatisfy(event -> assertThat(EventHistory.record(event).path("recipientAccountId").asText()).isEqualTo(alpha.accountId()));
                // nothing more
                assertCode(() -> cloudTrail.stopLogging(request -> request.name(alpha.trailName())), "AccessDeniedException");
                assertCode(() -> iam.createUser(request -> request.userName("partner-made")), "AccessDenied");
                assertCode(() -> iam.putRolePolicy(request -> request.roleName("alpha-partner").policyName("wider").policyDocument(ALLOW_EVERYTHING)), "AccessDenied");
                assertCode(() -> iam.listRoles(), "AccessDenied");
                // and nothing of bravo's
                assertCode(() -> cloudTrail.getTrail(request -> request.name(bravo.trailArn())), "TrailNotFoundException");
                assertCode(() -> cloudTrail.listTags(request -> request.resourceIdList(bravo.trailArn())), "ResourceNotFoundException");
                assertThat(cloudTrail.describeTrails(request -> request.trailNameList(bravo.trailArn())).trailList()).isEmpty();
                assertCode(() -> iam.getUser(request -> request.userName(bravo.userName())), "NoSuchEntity");
                assertCode(() -> sts.assumeRole(request -> request.roleArn("arn:aws:iam::" + bravo.accountId() + ":role/" + bravo.operatorRoleName())
                        .roleSessionName("back")), "AccessDenied");
            }
            // a session named after alpha's user is not that user: it names no user of its own, and has no password to change
            Keys named = new Keys(namedAfterAUser.accessKeyId(), namedAfterAUser.secretAccessKey(), Optional.of(namedAfterAUser.sessionToken()));
            try (IamClient iam = server.iam(named.provider())) {
                assertCode(() -> iam.getUser(), "ValidationError");
                assertCode(() -> iam.changePassword(request -> request.oldPassword(alpha.password()).newPassword("Changed-By-Partner-1")), "InvalidUserType");
            }
            assertThat(signIn(alpha.accountId(), alpha.userName(), alpha.password()).statusCode()).as("alpha's user's password is unchanged").isEqualTo(200);
            try (CloudTrailClient alphaTrail = server.cloudTrail(alpha.root().provider(), REGION)) {
                for (String refused : List.of("GetUser", "ChangePassword")) {
                    EventHistory.await(alphaTrail, LookupAttributeKey.ACCESS_KEY_ID, named.accessKeyId(), "the named session's refused " + refused,
                            event -> event.eventName().equals(refused) && EventHistory.record(event).has("errorCode"), Duration.ofSeconds(10));
                }
            }

            // the session's calls are alpha's events, by the assumed role; bravo has none by its key
            try (CloudTrailClient alphaTrail = server.cloudTrail(alpha.root().provider(), REGION);
                    CloudTrailClient bravoTrail = server.cloudTrail(bravo.root().provider(), REGION)) {
                JsonNode record = EventHistory.record(EventHistory.await(alphaTrail, LookupAttributeKey.ACCESS_KEY_ID, session.accessKeyId(), "the session's DescribeTrails",
                        event -> event.eventName().equals("DescribeTrails"), Duration.ofSeconds(10)));
                assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("AssumedRole");
                assertThat(record.path("userIdentity").path("accountId").asText()).isEqualTo(alpha.accountId());
                assertThat(record.path("userIdentity").path("sessionContext").path("sessionIssuer").path("arn").asText()).isEqualTo(partnerArn);
                EventHistory.await(alphaTrail, LookupAttributeKey.ACCESS_KEY_ID, session.accessKeyId(), "the session's refused GetTrail of bravo's trail",
                        event -> event.eventName().equals("GetTrail"), Duration.ofSeconds(10));
                assertThat(EventHistory.all(bravoTrail, LookupAttributeKey.ACCESS_KEY_ID, session.accessKeyId())).isEmpty();
            }

            // alpha withdraws its trust: no new session; and without the role's policy, the session can do nothing
            alphaIam.updateAssumeRolePolicy(request -> request.roleName("alpha-partner").policyDocument(EC2_TRUST));
            try (StsClient sts = server.sts(developer.provider())) {
                assertAccessDenied(() -> sts.assumeRole(request -> request.roleArn(partnerArn).roleSessionName("developer")));
            }
            alphaIam.deleteRolePolicy(request -> request.roleName("alpha-partner").policyName("partner"));
            try (CloudTrailClient cloudTrail = server.cloudTrail(session.provider(), REGION)) {
                assertCode(cloudTrail::describeTrails, "AccessDeniedException");
            }
            alphaIam.deleteRole(request -> request.roleName("alpha-partner"));
        }
    }

    /**
     * Beyond the table's management accounts: a member account (alpha's, a delegated administrator, through the role
     * alpha's administrator may assume) sees its organization only and reaches nothing of bravo's; an account in no
     * organization gets {@code AWSOrganizationsNotInUseException} whatever it names; bravo's member account's email
     * address fails alpha's CreateAccount, and no account is made.
     */
    @Test
    @Order(10)
    public void membersAndOutsidersReachNoOtherOrganization()
    {
        TenantOrganization alphas = alpha.organization();
        TenantOrganization bravos = bravo.organization();
        Credentials credentials;
        try (StsClient sts = server.sts(alpha.administrator().provider())) {
            credentials = sts.assumeRole(request -> request.roleArn("arn:aws:iam::" + alphas.memberAccountId() + ":role/" + ACCESS_ROLE).roleSessionName("member"))
                    .credentials();
        }
        Keys member = new Keys(credentials.accessKeyId(), credentials.secretAccessKey(), Optional.of(credentials.sessionToken()));
        try (OrganizationsClient organizations = server.organizations(member.provider()); CloudTrailClient cloudTrail = server.cloudTrail(member.provider(), REGION);
                StsClient sts = server.sts(member.provider())) {
            assertThat(organizations.describeOrganization().organization().id()).isEqualTo(alphas.organizationId());
            assertThat(organizations.listAccounts().accounts()).extracting(software.amazon.awssdk.services.organizations.model.Account::id)
                    .containsExactlyInAnyOrder(alpha.accountId(), alphas.memberAccountId());
            assertCode(() -> organizations.describeAccount(request -> request.accountId(bravos.memberAccountId())), "AccountNotFoundException");
            assertCode(() -> organizations.listChildren(request -> request.parentId(bravos.rootId()).childType(ChildType.ACCOUNT)), "ParentNotFoundException");
            assertCode(() -> organizations.describeCreateAccountStatus(request -> request.createAccountRequestId(bravos.createAccountRequestId())),
                    "CreateAccountStatusNotFoundException");
            // the management account's operations: refused a member account before anything is looked up
            assertCode(() -> organizations.createOrganizationalUnit(request -> request.parentId(bravos.rootId()).name("member-made")), "AccessDeniedException");
            assertCode(() -> organizations.moveAccount(request -> request.accountId(bravos.memberAccountId()).sourceParentId(bravos.organizationalUnitId())
                    .destinationParentId(alphas.rootId())), "AccessDeniedException");
            assertCode(() -> organizations.createOrganization(request -> request.featureSet(OrganizationFeatureSet.ALL)), "AlreadyInOrganizationException");
            assertCode(() -> cloudTrail.registerOrganizationDelegatedAdmin(request -> request.memberAccountId(bravos.memberAccountId())),
                    "NotOrganizationManagementAccountException");
            assertCode(() -> sts.assumeRole(request -> request.roleArn("arn:aws:iam::" + bravos.memberAccountId() + ":role/" + ACCESS_ROLE).roleSessionName("across")),
                    "AccessDenied");
        }

        Accounts.RootCredentials outsider = server.createAccount();
        AwsCredentialsProvider outsiderKeys = TestingCairnServer.credentials(outsider.accessKeyId(), outsider.secretAccessKey());
        try (OrganizationsClient organizations = server.organizations(outsiderKeys); CloudTrailClient cloudTrail = server.cloudTrail(outsiderKeys, REGION)) {
            assertCode(organizations::describeOrganization, "AWSOrganizationsNotInUseException");
            assertCode(() -> organizations.describeAccount(request -> request.accountId(alphas.memberAccountId())), "AWSOrganizationsNotInUseException");
            assertCode(() -> organizations.listChildren(request -> request.parentId(alphas.rootId()).childType(ChildType.ACCOUNT)), "AWSOrganizationsNotInUseException");
            assertCode(() -> organizations.removeAccountFromOrganization(request -> request.accountId(alphas.memberAccountId())), "AWSOrganizationsNotInUseException");
            assertCode(() -> cloudTrail.registerOrganizationDelegatedAdmin(request -> request.memberAccountId(alphas.memberAccountId())),
                    "OrganizationsNotInUseException");
        }

        try (OrganizationsClient organizations = server.organizations(alpha.root().provider())) {
            String requestId = organizations.createAccount(request -> request.email(bravo.memberEmail()).accountName("alpha-probe")).createAccountStatus().id();
            CreateAccountStatus status = Poll.until("the CreateAccount with bravo's member's email done", Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> organizations.describeCreateAccountStatus(request -> request.createAccountRequestId(requestId)).createAccountStatus(),
                    done -> done.state() != CreateAccountState.IN_PROGRESS);
            assertThat(status.state()).isEqualTo(CreateAccountState.FAILED);
            assertThat(status.failureReasonAsString()).isEqualTo("EMAIL_ALREADY_EXISTS");
            assertThat(status.accountId()).isNull();
        }
        assertThat(state(alpha)).contains(alphas.memberAccountId()).doesNotContain(bravos.memberAccountId());
    }

    /** The AccessDenied of a refused AssumeRole, its message without the request's details. */
    private static String assertAccessDenied(Runnable call)
    {
        try {
            call.run();
        }
        catch (StsException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            return e.awsErrorDetails().errorMessage();
        }
        throw new AssertionError("not refused");
    }

    private static void assertCode(Runnable call, String code)
    {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // state

    /** What an account has, as its root user reads it: compared before and after the other account's attempts. */
    private String state(Tenant tenant)
    {
        try (IamClient iam = server.iam(tenant.root().provider());
                CloudTrailClient east = server.cloudTrail(tenant.root().provider(), REGION);
                CloudTrailClient west = server.cloudTrail(tenant.root().provider(), OTHER_REGION);
                OrganizationsClient organizations = server.organizations(tenant.root().provider());
                CloudWatchLogsClient logs = LogsClients.logs(server, tenant.root().provider(), REGION);
                EventBridgeClient events = EventsClients.events(server, tenant.root().provider(), REGION);
                SnsClient sns = SnsClients.sns(server, tenant.root().provider(), REGION)) {
            List<String> parts = new ArrayList<>();
            parts.add(iam.listUsers().users().stream().map(User::toString).collect(Collectors.joining(",")));
            for (String user : List.of(tenant.userName(), tenant.administratorName())) {
                parts.add(iam.listAccessKeys(request -> request.userName(user)).accessKeyMetadata().toString());
                parts.add(iam.listUserPolicies(request -> request.userName(user)).policyNames().toString());
                parts.add(iam.listAttachedUserPolicies(request -> request.userName(user)).attachedPolicies().toString());
                parts.add(iam.listGroupsForUser(request -> request.userName(user)).groups().toString());
                parts.add(iam.getLoginProfile(request -> request.userName(user)).loginProfile().toString());
            }
            parts.add(iam.getUserPolicy(request -> request.userName(tenant.userName()).policyName(tenant.userPolicyName())).policyDocument());
            parts.add(iam.listGroups().groups().toString());
            parts.add(iam.getGroup(request -> request.groupName(tenant.groupName())).users().toString());
            parts.add(iam.getGroupPolicy(request -> request.groupName(tenant.groupName()).policyName(tenant.groupPolicyName())).policyDocument());
            parts.add(iam.listGroupPolicies(request -> request.groupName(tenant.groupName())).policyNames().toString());
            parts.add(iam.listAttachedGroupPolicies(request -> request.groupName(tenant.groupName())).attachedPolicies().toString());
            parts.add(iam.listRoles().roles().stream().map(Role::toString).collect(Collectors.joining(",")));
            for (String role : List.of(tenant.roleName(), tenant.operatorRoleName())) {
                parts.add(iam.getRole(request -> request.roleName(role)).role().toString());
                parts.add(iam.listRolePolicies(request -> request.roleName(role)).policyNames().toString());
                parts.add(iam.listAttachedRolePolicies(request -> request.roleName(role)).attachedPolicies().toString());
                parts.add(iam.listRoleTags(request -> request.roleName(role)).tags().toString());
            }
            parts.add(iam.getRolePolicy(request -> request.roleName(tenant.roleName()).policyName(tenant.rolePolicyName())).policyDocument());
            parts.add(iam.listAccountAliases().accountAliases().toString());
            parts.add(east.describeTrails().trailList().toString());
            parts.add(west.describeTrails().trailList().toString());
            var status = east.getTrailStatus(request -> request.name(tenant.trailName()));
            parts.add(status.isLogging() + " " + status.startLoggingTime() + " " + status.stopLoggingTime());
            parts.add(east.getEventSelectors(request -> request.trailName(tenant.trailName())).eventSelectors().toString());
            parts.add(east.getInsightSelectors(request -> request.trailName(tenant.trailName())).insightSelectors().toString());
            parts.add(east.listTags(request -> request.resourceIdList(tenant.trailArn())).resourceTagList().toString());
            parts.add(east.getEventDataStore(request -> request.eventDataStore(tenant.storeArn())).toString());
            parts.add(east.getEventDataStore(request -> request.eventDataStore(tenant.externalStoreArn())).toString());
            // the table's CreateEventDataStore leaves a store (of another name) pending deletion in the attacker's account
            for (CloudTrailClient client : List.of(east, west)) {
                parts.add(client.listEventDataStores(request -> { }).eventDataStores().stream().filter(store -> store.name().startsWith(tenant.prefix() + "-"))
                        .map(Object::toString).collect(Collectors.joining(",")));
            }
            parts.add(east.getChannel(request -> request.channel(tenant.channelArn())).toString());
            parts.add(east.listChannels(request -> { }).channels().toString());
            parts.add(east.getResourcePolicy(request -> request.resourceArn(tenant.channelArn())).resourcePolicy());
            parts.add(east.listTags(request -> request.resourceIdList(tenant.storeArn(), tenant.channelArn())).resourceTagList().toString());
            parts.add(organizationState(tenant, organizations));
            parts.add(logs.describeLogGroups().logGroups().toString());
            parts.add(logs.describeLogStreams(request -> request.logGroupName(tenant.logGroupName())).logStreams().toString());
            parts.add(logs.getLogEvents(request -> request.logGroupName(tenant.logGroupName()).logStreamName(tenant.logStreamName())).events().toString());
            parts.add(logs.listTagsForResource(request -> request.resourceArn(tenant.logGroupArn())).tags().toString());
            parts.add(logs.describeMetricFilters().metricFilters().toString());
            parts.add(events.listRules(request -> { }).rules().toString());
            parts.add(events.describeRule(request -> request.name(tenant.ruleName())).toString());
            parts.add(events.listTargetsByRule(request -> request.rule(tenant.ruleName())).targets().toString());
            parts.add(events.listConnections(request -> { }).connections().toString());
            parts.add(events.describeConnection(request -> request.name(tenant.connectionName())).toString());
            parts.add(events.listApiDestinations(request -> { }).apiDestinations().toString());
            parts.add(events.describeApiDestination(request -> request.name(tenant.apiDestinationName())).toString());
            parts.add(sns.listTopics().topics().toString());
            parts.add(new TreeMap<>(sns.getTopicAttributes(request -> request.topicArn(tenant.topicArn())).attributes()).toString());
            parts.add(sns.listSubscriptions().subscriptions().toString());
            return String.join("\n", parts);
        }
    }

    /**
     * What the account's organization has. Of its account creation requests, those that made an account: the table's
     * CreateAccount attempts leave failed ones in the attacker's organization.
     */
    private static String organizationState(Tenant tenant, OrganizationsClient organizations)
    {
        TenantOrganization organization = tenant.organization();
        List<String> parts = new ArrayList<>();
        parts.add(organizations.describeOrganization().organization().toString());
        parts.add(organizations.listRoots().roots().toString());
        parts.add(organizations.listAccounts().accounts().toString());
        for (String parent : List.of(organization.rootId(), organization.organizationalUnitId())) {
            parts.add(organizations.listOrganizationalUnitsForParent(request -> request.parentId(parent)).organizationalUnits().toString());
            parts.add(organizations.listAccountsForParent(request -> request.parentId(parent)).accounts().toString());
            for (ChildType type : List.of(ChildType.ACCOUNT, ChildType.ORGANIZATIONAL_UNIT)) {
                parts.add(organizations.listChildren(request -> request.parentId(parent).childType(type)).children().toString());
            }
        }
        parts.add(organizations.describeOrganizationalUnit(request -> request.organizationalUnitId(organization.organizationalUnitId())).organizationalUnit().toString());
        parts.add(organizations.describeAccount(request -> request.accountId(organization.memberAccountId())).account().toString());
        parts.add(organizations.listParents(request -> request.childId(organization.memberAccountId())).parents().toString());
        parts.add(organizations.describeCreateAccountStatus(request -> request.createAccountRequestId(organization.createAccountRequestId())).createAccountStatus().toString());
        parts.add(organizations.listCreateAccountStatus(request -> request.states(CreateAccountState.SUCCEEDED, CreateAccountState.IN_PROGRESS))
                .createAccountStatuses().toString());
        parts.add(organizations.listAWSServiceAccessForOrganization().enabledServicePrincipals().toString());
        parts.add(organizations.listDelegatedAdministrators(request -> { }).delegatedAdministrators().toString());
        parts.add(organizations.listDelegatedServicesForAccount(request -> request.accountId(organization.memberAccountId())).delegatedServices().toString());
        return String.join("\n", parts);
    }
}
