package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.iam.IdGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * STS through the AWS SDK for Java v2: AssumeRole as IAM decides it (trust policies naming a user or an account,
 * external ids, explicit denies, session policies, durations, role chaining, another account's role), the temporary
 * credentials on both protocols, GetSessionToken and its limits, GetAccessKeyInfo, tampered and expired tokens, and
 * the records of role sessions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class StsIT
{
    private TestingClock clock;
    private Path dataDirectory;
    private TestingCairnServer server;
    private IamClient iam;
    private String account;

    @BeforeAll
    public void start()
            throws Exception
    {
        clock = new TestingClock(Instant.now());
        dataDirectory = Files.createTempDirectory("cairn-sts-it");
        server = TestingCairnServer.builder().dataDirectory(dataDirectory).clock(clock).start();
        iam = server.iam();
        account = server.accountId();
    }

    @AfterAll
    public void stop()
    {
        iam.close();
        server.close();
        TestingCairnServer.deleteRecursively(dataDirectory);
    }

    private static String trust(String principal)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static String allow(String action, String resource)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    private AccessKey user(IamClient client, String name)
    {
        client.createUser(request -> request.userName(name));
        return client.createAccessKey(request -> request.userName(name)).accessKey();
    }

    private static AwsCredentialsProvider keys(AccessKey key)
    {
        return TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey());
    }

    private static AwsCredentialsProvider session(Credentials credentials)
    {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
    }

    private String createRole(IamClient client, String name, String trustPolicy)
    {
        String arn = client.createRole(request -> request.roleName(name).assumeRolePolicyDocument(trustPolicy)).role().arn();
        client.putRolePolicy(request -> request.roleName(name).policyName("reader")
                .policyDocument(allow("cloudtrail:DescribeTrails", "*")));
        return arn;
    }

    /** A role trusting a user by ARN: assumed without any policy of the user's; the session does what the role may. */
    @Test
    public void assumeRoleTrustingAUser()
    {
        AccessKey alice = user(iam, "alice");
        String aliceArn = "arn:aws:iam::" + account + ":user/alice";
        String roleArn = createRole(iam, "auditor", trust(aliceArn));

        AssumeRoleResponse assumed;
        try (StsClient sts = server.sts(keys(alice))) {
            assumed = sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("alice-audit").durationSeconds(900));
        }
        Credentials credentials = assumed.credentials();
        assertThat(credentials.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(credentials.sessionToken()).isNotBlank();
        assertThat(credentials.expiration()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(900));
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + account + ":assumed-role/auditor/alice-audit");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:alice-audit");

        try (StsClient sts = server.sts(session(credentials));
                CloudTrailClient cloudTrail = server.cloudTrail(session(credentials), "us-east-1");
                IamClient sessionIam = server.iam(session(credentials))) {
            var identity = sts.getCallerIdentity();
            assertThat(identity.arn()).isEqualTo(assumed.assumedRoleUser().arn());
            assertThat(identity.account()).isEqualTo(account);
            assertThat(identity.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
            String requestId = cloudTrail.describeTrails().responseMetadata().requestId();
            assertThatThrownBy(() -> cloudTrail.getTrailStatus(request -> request.name("none")))
                    .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .contains("User: " + assumed.assumedRoleUser().arn() + " is not authorized to perform: cloudtrail:GetTrailStatus"));
            assertThatThrownBy(() -> sessionIam.listUsers()).isInstanceOfSatisfying(IamException.class, e -> assertThat(e.statusCode()).isEqualTo(403));

            // the session's call, recorded as AWS records role sessions; found by the session's name
            try (CloudTrailClient root = server.cloudTrail()) {
                JsonNode record = EventHistory.record(EventHistory.byRequestId(root, LookupAttributeKey.USERNAME, "alice-audit", requestId));
                JsonNode who = record.path("userIdentity");
                assertThat(who.path("type").asText()).isEqualTo("AssumedRole");
                assertThat(who.path("arn").asText()).isEqualTo(assumed.assumedRoleUser().arn());
                assertThat(who.path("principalId").asText()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
                assertThat(who.path("accessKeyId").asText()).isEqualTo(credentials.accessKeyId());
                assertThat(who.has("userName")).isFalse();
                JsonNode issuer = who.path("sessionContext").path("sessionIssuer");
                assertThat(issuer.path("type").asText()).isEqualTo("Role");
                assertThat(issuer.path("arn").asText()).isEqualTo(roleArn);
                assertThat(issuer.path("userName").asText()).isEqualTo("auditor");
                assertThat(issuer.path("accountId").asText()).isEqualTo(account);
                assertThat(who.path("sessionContext").path("attributes").path("mfaAuthenticated").asText()).isEqualTo("false");

                // the AssumeRole call itself: by alice, with the credentials but neither the secret nor the token
                Event assumeRole = EventHistory.await(root, LookupAttributeKey.EVENT_NAME, "AssumeRole", "alice's AssumeRole",
                        event -> EventHistory.record(event).path("userIdentity").path("userName").asText().equals("alice"), Duration.ofSeconds(5));
                JsonNode assumeRecord = EventHistory.record(assumeRole);
                assertThat(assumeRecord.path("eventSource").asText()).isEqualTo("sts.amazonaws.com");
                assertThat(assumeRecord.path("readOnly").asBoolean()).isTrue();
                assertThat(assumeRecord.path("requestParameters").path("roleArn").asText()).isEqualTo(roleArn);
                assertThat(assumeRecord.path("requestParameters").path("roleSessionName").asText()).isEqualTo("alice-audit");
                assertThat(assumeRecord.path("responseElements").path("credentials").path("accessKeyId").asText()).isEqualTo(credentials.accessKeyId());
                assertThat(assumeRecord.path("responseElements").path("assumedRoleUser").path("arn").asText()).isEqualTo(assumed.assumedRoleUser().arn());
                assertThat(assumeRole.cloudTrailEvent()).doesNotContain(credentials.secretAccessKey()).doesNotContain(credentials.sessionToken());
                assertThat(assumeRole.resources()).anyMatch(resource -> resource.resourceName().equals(roleArn));
            }
        }
    }

    /** A trust policy naming the account leaves the decision to the caller's policies; an explicit deny always wins. */
    @Test
    public void accountTrustNeedsTheCallersPolicy()
    {
        AccessKey bob = user(iam, "bob");
        String roleArn = createRole(iam, "account-trusting", trust("arn:aws:iam::" + account + ":root"));
        try (StsClient sts = server.sts(keys(bob))) {
            assertThatThrownBy(() -> sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("s1")))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + account + ":user/bob is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
                    });
            iam.putUserPolicy(request -> request.userName("bob").policyName("assume").policyDocument(allow("sts:AssumeRole", roleArn)));
            assertThat(sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("s1")).credentials().accessKeyId()).startsWith("ASIA");

            // a role that does not exist is refused as one that may not be assumed
            String missing = "arn:aws:iam::" + account + ":role/no-such-role";
            assertThatThrownBy(() -> sts.assumeRole(request -> request.roleArn(missing).roleSessionName("s1")))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));

            // an explicit deny in the caller's policy wins over a trust policy that names the caller
            String named = createRole(iam, "names-bob", trust("arn:aws:iam::" + account + ":user/bob"));
            iam.putUserPolicy(request -> request.userName("bob").policyName("deny")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + named + "\"}]}"));
            assertThatThrownBy(() -> sts.assumeRole(request -> request.roleArn(named).roleSessionName("s1")))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        }
        // the root user may not assume roles, as in AWS
        try (StsClient sts = server.sts(TestingCairnServer.rootCredentials())) {
            assertThatThrownBy(() -> sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("s1")))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Roles may not be assumed by root accounts."));
        }
    }

    /** Conditions on the request: sts:ExternalId; durations within the role's maximum; role chaining's hour. */
    @Test
    public void externalIdDurationsAndChaining()
    {
        AccessKey carol = user(iam, "carol");
        String carolArn = "arn:aws:iam::" + account + ":user/carol";
        String trustWithExternalId = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + carolArn + "\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"shared-secret-42\"}}}]}";
        String roleArn = iam.createRole(request -> request.roleName("vendor").assumeRolePolicyDocument(trustWithExternalId).maxSessionDuration(7200)).role().arn();
        String chainedArn = createRole(iam, "chained", trust("arn:aws:iam::" + account + ":role/vendor"));
        try (StsClient sts = server.sts(keys(carol))) {
            assertThatThrownBy(() -> sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("s1"))).isInstanceOf(StsException.class);
            assertThatThrownBy(() -> sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("s1").externalId("wrong-id"))).isInstanceOf(StsException.class);
            assertThatThrownBy(() -> sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("s1").externalId("shared-secret-42").durationSeconds(7201)))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("MaxSessionDuration");
                    });
            Credentials vendor = sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("s1").externalId("shared-secret-42").durationSeconds(7200)).credentials();

            // a role session assuming a role: at most an hour
            try (StsClient chained = server.sts(session(vendor))) {
                assertThatThrownBy(() -> chained.assumeRole(request -> request.roleArn(chainedArn).roleSessionName("hop").durationSeconds(3601)))
                        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).contains("role chaining"));
                AssumeRoleResponse hop = chained.assumeRole(request -> request.roleArn(chainedArn).roleSessionName("hop"));
                assertThat(hop.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + account + ":assumed-role/chained/hop");
            }
        }
    }

    /** A session policy limits the session to what both it and the role allow. */
    @Test
    public void sessionPolicyLimitsTheSession()
    {
        AccessKey dan = user(iam, "dan");
        String roleArn = iam.createRole(request -> request.roleName("broad").assumeRolePolicyDocument(trust("arn:aws:iam::" + account + ":user/dan"))).role().arn();
        iam.putRolePolicy(request -> request.roleName("broad").policyName("all-cloudtrail").policyDocument(allow("cloudtrail:*", "*")));
        Credentials limited;
        try (StsClient sts = server.sts(keys(dan))) {
            AssumeRoleResponse response = sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("narrow")
                    .policy(allow("cloudtrail:DescribeTrails", "*")));
            assertThat(response.packedPolicySize()).isBetween(1, 100);
            limited = response.credentials();
            assertThatThrownBy(() -> sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("bad").policy("{\"Statement\":[]")))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument"));
        }
        try (CloudTrailClient cloudTrail = server.cloudTrail(session(limited), "us-east-1")) {
            cloudTrail.describeTrails();
            assertThatThrownBy(() -> cloudTrail.listTrails(request -> { }))
                    .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).contains("no session policy allows"));
        }
    }

    /** Another account's role: its trust policy and the caller's own policy must both allow; the session acts there. */
    @Test
    public void crossAccountRole()
    {
        var other = server.createAccount();
        AccessKey erin = user(iam, "erin");
        String erinArn = "arn:aws:iam::" + account + ":user/erin";
        String roleArn;
        try (IamClient otherIam = server.iam(TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey()))) {
            roleArn = createRole(otherIam, "partner-access", trust(erinArn));
        }
        try (StsClient sts = server.sts(keys(erin))) {
            // named by the other account's trust policy, but erin's own account has not allowed it
            assertThatThrownBy(() -> sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("erin"))).isInstanceOf(StsException.class);
            iam.putUserPolicy(request -> request.userName("erin").policyName("partner").policyDocument(allow("sts:AssumeRole", roleArn)));
            Credentials credentials = sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("erin")).credentials();
            try (StsClient there = server.sts(session(credentials))) {
                assertThat(there.getCallerIdentity().account()).isEqualTo(other.accountId());
            }
            try (StsClient root = server.sts(TestingCairnServer.rootCredentials())) {
                assertThat(root.getAccessKeyInfo(request -> request.accessKeyId(credentials.accessKeyId())).account()).isEqualTo(other.accountId());
            }
        }

        // the AssumeRole is recorded in both accounts with one sharedEventID; the role's account sees the caller as an
        // AWSAccount identity
        try (CloudTrailClient mine = server.cloudTrail();
                CloudTrailClient theirs = server.cloudTrail(TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey()), "us-east-1")) {
            JsonNode callerCopy = EventHistory.record(EventHistory.await(mine, LookupAttributeKey.EVENT_NAME, "AssumeRole", "erin's AssumeRole",
                    event -> EventHistory.record(event).path("userIdentity").path("userName").asText().equals("erin")
                            && EventHistory.record(event).path("errorCode").isMissingNode(), Duration.ofSeconds(5)));
            assertThat(callerCopy.path("recipientAccountId").asText()).isEqualTo(account);
            String shared = callerCopy.path("sharedEventID").asText();
            assertThat(shared).isNotEmpty();
            assertThat(callerCopy.path("resources").get(0).path("ARN").asText()).isEqualTo(roleArn);
            assertThat(callerCopy.path("resources").get(0).path("accountId").asText()).isEqualTo(other.accountId());
            JsonNode roleCopy = EventHistory.record(EventHistory.await(theirs, LookupAttributeKey.EVENT_NAME, "AssumeRole", "the role account's copy",
                    event -> EventHistory.record(event).path("sharedEventID").asText().equals(shared), Duration.ofSeconds(5)));
            assertThat(roleCopy.path("recipientAccountId").asText()).isEqualTo(other.accountId());
            assertThat(roleCopy.path("eventID").asText()).isNotEqualTo(callerCopy.path("eventID").asText());
            assertThat(roleCopy.path("userIdentity").path("type").asText()).isEqualTo("AWSAccount");
            assertThat(roleCopy.path("userIdentity").path("accountId").asText()).isEqualTo(account);
            assertThat(roleCopy.path("userIdentity").path("principalId").asText()).isEqualTo(callerCopy.path("userIdentity").path("principalId").asText());
            assertThat(roleCopy.path("userIdentity").has("arn")).isFalse();
            // the denied attempt before the policy was put is in the role's account too
            EventHistory.await(theirs, LookupAttributeKey.EVENT_NAME, "AssumeRole", "the denied attempt's copy",
                    event -> EventHistory.record(event).path("errorCode").asText().equals("AccessDenied"), Duration.ofSeconds(5));
        }
    }

    /** GetSessionToken: the user's own session; no IAM, no further STS tokens; a capped root session. */
    @Test
    public void sessionTokens()
    {
        AccessKey frank = user(iam, "frank");
        iam.putUserPolicy(request -> request.userName("frank").policyName("trails").policyDocument(allow("cloudtrail:DescribeTrails", "*")));
        Credentials credentials;
        try (StsClient sts = server.sts(keys(frank))) {
            credentials = sts.getSessionToken().credentials();
            assertThat(credentials.expiration()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(43_200));
        }
        try (StsClient sts = server.sts(TestingCairnServer.rootCredentials())) {
            assertThat(sts.getAccessKeyInfo(request -> request.accessKeyId(frank.accessKeyId())).account()).isEqualTo(account);
            assertThat(sts.getAccessKeyInfo(request -> request.accessKeyId(credentials.accessKeyId())).account()).isEqualTo(account);
        }
        try (StsClient sts = server.sts(session(credentials));
                CloudTrailClient cloudTrail = server.cloudTrail(session(credentials), "us-east-1");
                IamClient sessionIam = server.iam(session(credentials))) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + account + ":user/frank");
            cloudTrail.describeTrails();
            assertThatThrownBy(() -> sessionIam.listUsers())
                    .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
            assertThatThrownBy(() -> sts.getSessionToken())
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot call GetSessionToken with session credentials"));
        }
        try (StsClient sts = server.sts(TestingCairnServer.rootCredentials())) {
            Credentials root = sts.getSessionToken(request -> request.durationSeconds(20_000)).credentials();
            assertThat(root.expiration()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(3_600));
        }
    }

    /** A changed token, a token sent with another key id: refused as invalid. */
    @Test
    public void tamperedAndExpiredTokens()
    {
        AccessKey grace = user(iam, "grace");
        Credentials credentials;
        Credentials other;
        try (StsClient sts = server.sts(keys(grace))) {
            credentials = sts.getSessionToken(request -> request.durationSeconds(900)).credentials();
            other = sts.getSessionToken(request -> request.durationSeconds(900)).credentials();
        }
        byte[] token = Base64.getDecoder().decode(credentials.sessionToken());
        token[token.length / 2] ^= 1;
        Credentials tampered = credentials.toBuilder().sessionToken(Base64.getEncoder().encodeToString(token)).build();
        Credentials swapped = credentials.toBuilder().sessionToken(other.sessionToken()).build();
        for (Credentials bad : java.util.List.of(tampered, swapped)) {
            try (StsClient sts = server.sts(session(bad)); CloudTrailClient cloudTrail = server.cloudTrail(session(bad), "us-east-1")) {
                assertThatThrownBy(sts::getCallerIdentity)
                        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
                assertThatThrownBy(cloudTrail::describeTrails)
                        .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
            }
        }
        try (StsClient sts = server.sts(session(credentials))) {
            assertThat(sts.getCallerIdentity().arn()).endsWith(":user/grace");
        }
    }

    /**
     * Past its expiration a token gets ExpiredToken. On a server of its own, whose clock is moved past the expiration:
     * requests are signed at that time, since SigV4 allows 15 minutes of skew and a session lasts at least 900 s.
     */
    @Test
    public void expiredTokens()
            throws Exception
    {
        TestingClock ahead = new TestingClock(Instant.now());
        try (TestingCairnServer expiring = TestingCairnServer.builder().clock(ahead).start(); IamClient expiringIam = expiring.iam()) {
            AccessKey henry = user(expiringIam, "henry");
            Credentials credentials;
            try (StsClient sts = expiring.sts(keys(henry))) {
                credentials = sts.getSessionToken(request -> request.durationSeconds(900)).credentials();
            }
            java.util.Map<String, String> headers = RawRequests.queryHeaders();
            headers.put("X-Amz-Security-Token", credentials.sessionToken());
            String body = "Action=GetCallerIdentity&Version=2011-06-15";
            RawRequests.Response valid = RawRequests.send(expiring.endpoint(), headers, body, credentials.accessKeyId(), credentials.secretAccessKey(), "us-east-1", "sts",
                    ahead.advance(Duration.ofSeconds(899)));
            assertThat(valid.status()).isEqualTo(200);
            RawRequests.Response expired = RawRequests.send(expiring.endpoint(), headers, body, credentials.accessKeyId(), credentials.secretAccessKey(), "us-east-1", "sts",
                    ahead.advance(Duration.ofSeconds(2)));
            assertThat(expired.status()).isEqualTo(403);
            assertThat(expired.body()).contains("<Code>ExpiredToken</Code>").contains("The security token included in the request is expired");
            java.util.Map<String, String> json = RawRequests.cloudTrailHeaders("DescribeTrails");
            json.put("X-Amz-Security-Token", credentials.sessionToken());
            RawRequests.Response expiredJson = RawRequests.send(expiring.endpoint(), json, "{}", credentials.accessKeyId(), credentials.secretAccessKey(), "us-east-1",
                    "cloudtrail", ahead.instant());
            assertThat(expiredJson.status()).isEqualTo(400);
            assertThat(expiredJson.body()).contains("ExpiredTokenException");
        }
    }

    /** Tokens carry their session, sealed with the master key: they work after a restart. */
    @Test
    public void tokensSurviveARestart()
            throws Exception
    {
        Path directory = Files.createTempDirectory("cairn-sts-restart");
        try {
            Credentials credentials;
            try (TestingCairnServer first = TestingCairnServer.builder().dataDirectory(directory).start(); IamClient firstIam = first.iam()) {
                AccessKey ivy = user(firstIam, "ivy");
                String roleArn = createRole(firstIam, "survivor", trust("arn:aws:iam::" + first.accountId() + ":user/ivy"));
                try (StsClient sts = first.sts(keys(ivy))) {
                    credentials = sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("before-restart")).credentials();
                }
            }
            try (TestingCairnServer second = TestingCairnServer.builder().dataDirectory(directory).start();
                    StsClient sts = second.sts(session(credentials));
                    CloudTrailClient cloudTrail = second.cloudTrail(session(credentials), "us-east-1")) {
                assertThat(sts.getCallerIdentity().arn()).endsWith(":assumed-role/survivor/before-restart");
                cloudTrail.describeTrails();
            }
        }
        finally {
            TestingCairnServer.deleteRecursively(directory);
        }
    }

    /** The key id carries its account, as AWS's key ids do (and as tools that decode them expect). */
    @Test
    public void keyIdsCarryTheirAccount()
    {
        IdGenerator ids = new IdGenerator();
        for (String id : java.util.List.of("123456789012", "100000000000", "999999999999", account)) {
            String key = ids.temporaryAccessKeyId(id);
            assertThat(key).matches("ASIA[A-Z2-7]{16}");
            assertThat(IdGenerator.accountOfKeyId(key)).contains(id);
        }
    }
}
