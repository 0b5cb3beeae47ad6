package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailAccessNotEnabledException;
import software.amazon.awssdk.services.cloudtrail.model.NotOrganizationMasterAccountException;
import software.amazon.awssdk.services.cloudtrail.model.OrganizationsNotInUseException;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An organization trail as the journey makes it: the management account creates an organization and a member
 * account, enables trusted access for CloudTrail and creates the trail; a management user assumes the member's
 * {@code OrganizationAccountAccessRole} and creates a user there; that user's calls and the AssumeRole land as log
 * files and signed digests under the member's folder {@code AWSLogs/<o-id>/<member>/}, which {@code cairn validate-logs
 * --account-id} accepts; the member account sees the trail and cannot change or delete it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class OrganizationTrailIT
{
    private static final String BUCKET = "organization-logs";
    private static final String ACCESS_ROLE = "OrganizationAccountAccessRole";
    private static final Duration DIGEST_INTERVAL = Duration.ofSeconds(10);
    private static final Duration ROUND = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private TestingS3Server s3;
    private TestingClock clock;
    private TestingCairnServer server;

    @BeforeAll
    public void start()
    {
        s3 = new TestingS3Server(TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
        clock = new TestingClock();
        server = TestingCairnServer.builder().s3(s3.settings()).digestInterval(DIGEST_INTERVAL).clock(clock).manualDelivery().start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    public void stop()
    {
        server.close();
        s3.close();
    }

    private static AwsCredentialsProvider session(Credentials credentials)
    {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
    }

    private static String allow(String action, String resource)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    private void deliver()
    {
        clock.advance(ROUND);
        server.deliver();
    }

    @Test
    public void organizationTrailJourney()
            throws Exception
    {
        String management = server.accountId();
        Instant start = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        try (OrganizationsClient organizations = server.organizations(TestingCairnServer.rootCredentials());
                CloudTrailClient cloudTrail = server.cloudTrail();
                IamClient iam = server.iam()) {
            // no organization yet
            assertThatThrownBy(() -> cloudTrail.createTrail(request -> request.name("org-trail").s3BucketName(BUCKET).isOrganizationTrail(true)))
                    .isInstanceOf(OrganizationsNotInUseException.class);
            String organizationId = organizations.createOrganization(request -> request.featureSet("ALL")).organization().id();
            CreateAccountStatus requested = organizations.createAccount(request -> request.email("member@example.com").accountName("Member")).createAccountStatus();
            String member = Poll.until("the member account", Duration.ofSeconds(5), Duration.ofMillis(50),
                    () -> organizations.describeCreateAccountStatus(request -> request.createAccountRequestId(requested.id())).createAccountStatus(),
                    status -> status.state() != CreateAccountState.IN_PROGRESS).accountId();

            // trusted access for CloudTrail first
            assertThatThrownBy(() -> cloudTrail.createTrail(request -> request.name("org-trail").s3BucketName(BUCKET).isOrganizationTrail(true)))
                    .isInstanceOf(CloudTrailAccessNotEnabledException.class);
            organizations.enableAWSServiceAccess(request -> request.servicePrincipal("cloudtrail.amazonaws.com"));
            String trailArn = cloudTrail.createTrail(request -> request.name("org-trail").s3BucketName(BUCKET).isOrganizationTrail(true).isMultiRegionTrail(true)
                    .enableLogFileValidation(true)).trailARN();
            assertThat(trailArn).isEqualTo("arn:aws:cloudtrail:us-east-1:" + management + ":trail/org-trail");
            cloudTrail.startLogging(request -> request.name("org-trail"));
            assertThat(cloudTrail.getTrail(request -> request.name("org-trail")).trail().isOrganizationTrail()).isTrue();

            // into the member account through its access role; a user made there, who makes calls of its own
            iam.createUser(request -> request.userName("operator"));
            iam.putUserPolicy(request -> request.userName("operator").policyName("member-access").policyDocument(
                    allow("sts:AssumeRole", "arn:aws:iam::*:role/" + ACCESS_ROLE)));
            AccessKey operator = iam.createAccessKey(request -> request.userName("operator")).accessKey();
            Credentials access;
            try (StsClient sts = server.sts(TestingCairnServer.credentials(operator.accessKeyId(), operator.secretAccessKey()))) {
                access = sts.assumeRole(request -> request.roleArn("arn:aws:iam::" + member + ":role/" + ACCESS_ROLE).roleSessionName("operator")).credentials();
            }
            AccessKey memberUser;
            try (IamClient memberIam = server.iam(session(access)); CloudTrailClient memberCloudTrail = server.cloudTrail(session(access), "us-east-1")) {
                memberIam.createUser(request -> request.userName("member-user"));
                memberIam.putUserPolicy(request -> request.userName("member-user").policyName("read").policyDocument(allow("cloudtrail:*", "*")));
                memberUser = memberIam.createAccessKey(request -> request.userName("member-user")).accessKey();

                // the member sees the organization's trail, and cannot change, stop or delete it
                assertThat(memberCloudTrail.describeTrails().trailList()).extracting(Trail::trailARN).contains(trailArn);
                assertThat(memberCloudTrail.describeTrails().trailList()).filteredOn(trail -> trail.trailARN().equals(trailArn))
                        .allSatisfy(trail -> assertThat(trail.isOrganizationTrail()).isTrue());
                assertThat(memberCloudTrail.listTrails(request -> { }).trails()).anySatisfy(trail -> assertThat(trail.trailARN()).isEqualTo(trailArn));
                assertThat(memberCloudTrail.getTrailStatus(request -> request.name(trailArn)).isLogging()).isTrue();
                assertThatThrownBy(() -> memberCloudTrail.deleteTrail(request -> request.name(trailArn))).isInstanceOf(NotOrganizationMasterAccountException.class);
                assertThatThrownBy(() -> memberCloudTrail.stopLogging(request -> request.name(trailArn))).isInstanceOf(NotOrganizationMasterAccountException.class);
                assertThatThrownBy(() -> memberCloudTrail.updateTrail(request -> request.name(trailArn).enableLogFileValidation(false)))
                        .isInstanceOf(NotOrganizationMasterAccountException.class);
                assertThatThrownBy(() -> memberCloudTrail.createTrail(request -> request.name("member-org-trail").s3BucketName(BUCKET).isOrganizationTrail(true)))
                        .isInstanceOf(NotOrganizationMasterAccountException.class);
            }
            try (CloudTrailClient memberUserCloudTrail = server.cloudTrail(TestingCairnServer.credentials(memberUser.accessKeyId(), memberUser.secretAccessKey()), "us-east-1")) {
                memberUserCloudTrail.describeTrails();
                // the member account's event history has the user's calls, and the AssumeRole into it (its copy, by the
                // management account as an AWSAccount identity); the management account's history has neither
                EventHistory.await(memberUserCloudTrail, software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey.USERNAME, "member-user",
                        "member-user's DescribeTrails", event -> event.eventName().equals("DescribeTrails"), Duration.ofSeconds(5));
                JsonNode assumeRole = EventHistory.record(EventHistory.await(memberUserCloudTrail,
                        software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey.EVENT_NAME, "AssumeRole", "the AssumeRole into the member account",
                        event -> true, Duration.ofSeconds(5)));
                assertThat(assumeRole.path("userIdentity").path("type").asText()).isEqualTo("AWSAccount");
                assertThat(assumeRole.path("userIdentity").path("accountId").asText()).isEqualTo(management);
                assertThat(assumeRole.path("recipientAccountId").asText()).isEqualTo(member);
                assertThat(EventHistory.all(cloudTrail, software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey.USERNAME, "member-user")).isEmpty();
            }

            // rounds of delivery until the member's folder has log files and a few digests
            String memberLogs = "AWSLogs/" + organizationId + "/" + member + "/CloudTrail/us-east-1/";
            String memberDigests = "AWSLogs/" + organizationId + "/" + member + "/CloudTrail-Digest/us-east-1/";
            String managementLogs = "AWSLogs/" + organizationId + "/" + management + "/CloudTrail/us-east-1/";
            int rounds = 0;
            while (s3.keys(BUCKET, memberDigests).size() < 3 || s3.keys(BUCKET, memberLogs).isEmpty()) {
                assertThat(rounds++).as("member digests by now").isLessThan(20);
                iam.listUsers();
                deliver();
            }
            assertThat(s3.keys(BUCKET, managementLogs)).isNotEmpty();
            assertThat(s3.keys(BUCKET, "AWSLogs/" + member + "/")).as("nothing outside the organization's folder").isEmpty();

            // the member's files hold the member's events only: the user's calls, and the AssumeRole's copy
            List<JsonNode> records = new ArrayList<>();
            for (String key : s3.keys(BUCKET, memberLogs)) {
                JSON.readTree(s3.gunzip(BUCKET, key)).path("Records").forEach(records::add);
            }
            assertThat(records).allSatisfy(record -> assertThat(record.path("recipientAccountId").asText()).isEqualTo(member));
            assertThat(records).anySatisfy(record -> {
                assertThat(record.path("eventName").asText()).isEqualTo("CreateUser");
                assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("AssumedRole");
            });
            assertThat(records).anySatisfy(record -> assertThat(record.path("eventName").asText()).isEqualTo("AssumeRole"));
            assertThat(records).anySatisfy(record -> assertThat(record.path("userIdentity").path("userName").asText()).isEqualTo("member-user"));
            // the member's digests are the member's
            for (String key : s3.keys(BUCKET, memberDigests)) {
                JsonNode digest = JSON.readTree(s3.gunzip(BUCKET, key));
                assertThat(digest.path("awsAccountId").asText()).isEqualTo(member);
                assertThat(key).contains(member + "_CloudTrail-Digest_us-east-1_org-trail_us-east-1_");
            }

            // CloudTrail's delegated administrator: a member account that manages the organization's trails, which stay the
            // management account's
            assertThatThrownBy(() -> cloudTrail.registerOrganizationDelegatedAdmin(request -> request.memberAccountId(management)))
                    .isInstanceOf(software.amazon.awssdk.services.cloudtrail.model.CannotDelegateManagementAccountException.class);
            cloudTrail.registerOrganizationDelegatedAdmin(request -> request.memberAccountId(member));
            assertThatThrownBy(() -> cloudTrail.registerOrganizationDelegatedAdmin(request -> request.memberAccountId(member)))
                    .isInstanceOf(software.amazon.awssdk.services.cloudtrail.model.AccountRegisteredException.class);
            assertThat(organizations.listDelegatedAdministrators(request -> request.servicePrincipal("cloudtrail.amazonaws.com")).delegatedAdministrators())
                    .extracting(software.amazon.awssdk.services.organizations.model.DelegatedAdministrator::id).containsExactly(member);
            try (CloudTrailClient delegated = server.cloudTrail(session(access), "us-east-1")) {
                String delegatedArn = delegated.createTrail(request -> request.name("delegated-org-trail").s3BucketName(BUCKET).isOrganizationTrail(true)).trailARN();
                assertThat(delegatedArn).isEqualTo("arn:aws:cloudtrail:us-east-1:" + management + ":trail/delegated-org-trail");
                delegated.updateTrail(request -> request.name(delegatedArn).enableLogFileValidation(true));
                assertThat(cloudTrail.getTrail(request -> request.name("delegated-org-trail")).trail().logFileValidationEnabled()).isTrue();
                cloudTrail.deregisterOrganizationDelegatedAdmin(request -> request.delegatedAdminAccountId(member));
                assertThatThrownBy(() -> cloudTrail.deregisterOrganizationDelegatedAdmin(request -> request.delegatedAdminAccountId(member)))
                        .isInstanceOf(software.amazon.awssdk.services.cloudtrail.model.AccountNotRegisteredException.class);
                assertThatThrownBy(() -> delegated.deleteTrail(request -> request.name(delegatedArn))).isInstanceOf(NotOrganizationMasterAccountException.class);
                cloudTrail.deleteTrail(request -> request.name("delegated-org-trail"));
            }

            // cairn validate-logs accepts the member's files, named by --account-id
            CairnProcess valid = validate(trailArn, start, "--account-id", member);
            assertThat(valid.exitCode()).as(valid.describe()).isZero();
            assertThat(valid.stdout()).contains("Digest file\ts3://" + BUCKET + "/" + memberDigests).containsPattern("(\\d+)/\\1 digest files valid")
                    .containsPattern("(\\d+)/\\1 log files valid");
            CairnProcess missingAccount = validate(trailArn, start);
            assertThat(missingAccount.exitCode()).as(missingAccount.describe()).isNotZero();
            assertThat(missingAccount.stderr()).contains("--account-id");
        }
    }

    private CairnProcess validate(String trailArn, Instant start, String... extra)
    {
        List<String> args = new ArrayList<>(List.of("validate-logs", "--endpoint-url", server.endpoint().toString(), "--trail-arn", trailArn,
                "--start-time", start.toString(), "--end-time", clock.instant().toString(), "--s3-endpoint", s3.endpoint().toString(), "--verbose"));
        args.addAll(List.of(extra));
        return CairnProcess.builder()
                .outputDirectory(temp.resolve("runs"))
                .env(Map.of("AWS_ACCESS_KEY_ID", TestingCairnServer.ROOT_ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", TestingCairnServer.ROOT_SECRET_ACCESS_KEY,
                        "AWS_REGION", "us-east-1"))
                .args(args.toArray(String[]::new))
                .run(Duration.ofSeconds(60));
    }
}
