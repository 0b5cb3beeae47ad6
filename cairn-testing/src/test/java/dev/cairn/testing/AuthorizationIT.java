package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Identity policies decide every call, as IAM does, and every denial is in event history.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class AuthorizationIT
{
    private TestingCairnServer server;
    private IamClient iam;
    private CloudTrailClient rootCloudTrail;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        iam = server.iam();
        rootCloudTrail = server.cloudTrail();
    }

    @AfterAll
    public void stop()
    {
        iam.close();
        rootCloudTrail.close();
        server.close();
    }

    private AwsCredentialsProvider user(String name)
    {
        iam.createUser(request -> request.userName(name));
        AccessKey key = iam.createAccessKey(request -> request.userName(name)).accessKey();
        return TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey());
    }

    private static String requestId(AwsServiceException error)
    {
        return error.requestId();
    }

    @Test
    public void userWithoutPoliciesIsDeniedAndTheDenialIsRecorded()
    {
        AwsCredentialsProvider ivan = user("authz-ivan");
        try (IamClient ivanIam = server.iam(ivan); CloudTrailClient ivanCloudTrail = server.cloudTrail(ivan, "us-east-1")) {
            IamException iamDenied = (IamException) org.assertj.core.api.Assertions.catchThrowable(() -> ivanIam.listUsers());
            assertThat(iamDenied.statusCode()).isEqualTo(403);
            assertThat(iamDenied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(iamDenied.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + server.accountId()
                    + ":user/authz-ivan is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::" + server.accountId()
                    + ":user/ because no identity-based policy allows the iam:ListUsers action");

            CloudTrailException trailDenied = (CloudTrailException) org.assertj.core.api.Assertions.catchThrowable(() -> ivanCloudTrail.lookupEvents());
            assertThat(trailDenied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(trailDenied.statusCode()).isEqualTo(400);

            IamException onResource = (IamException) org.assertj.core.api.Assertions.catchThrowable(() -> ivanIam.createUser(request -> request.userName("not-allowed")));
            assertThat(onResource.awsErrorDetails().errorMessage()).contains("iam:CreateUser on resource: arn:aws:iam::" + server.accountId() + ":user/not-allowed");

            Event denied = EventHistory.byRequestId(rootCloudTrail, LookupAttributeKey.USERNAME, "authz-ivan", requestId(iamDenied));
            JsonNode record = EventHistory.record(denied);
            assertThat(record.get("errorCode").asText()).isEqualTo("AccessDenied");
            assertThat(record.get("errorMessage").asText()).isEqualTo(iamDenied.awsErrorDetails().errorMessage());
            assertThat(record.get("eventName").asText()).isEqualTo("ListUsers");
            assertThat(record.get("userIdentity").get("userName").asText()).isEqualTo("authz-ivan");
            assertThat(record.get("userIdentity").get("type").asText()).isEqualTo("IAMUser");
            Event deniedLookup = EventHistory.byRequestId(rootCloudTrail, LookupAttributeKey.USERNAME, "authz-ivan", requestId(trailDenied));
            assertThat(EventHistory.record(deniedLookup).get("errorCode").asText()).isEqualTo("AccessDenied");
            assertThat(deniedLookup.eventSource()).isEqualTo("cloudtrail.amazonaws.com");

            // a denied write changed nothing
            assertThatThrownBy(() -> iam.getUser(request -> request.userName("not-allowed"))).isInstanceOf(IamException.class);
        }
    }

    @Test
    public void inlineAllowGrantsExactlyWhatItSays()
    {
        AwsCredentialsProvider judy = user("authz-judy");
        iam.putUserPolicy(request -> request.userName("authz-judy").policyName("lookup-only")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"cloudtrail:LookupEvents\",\"iam:GetUser\"],\"Resource\":\"*\"}]}"));
        try (CloudTrailClient cloudTrail = server.cloudTrail(judy, "us-east-1"); IamClient judyIam = server.iam(judy)) {
            assertThat(cloudTrail.lookupEvents(request -> request.maxResults(1)).events()).isNotNull();
            assertThat(judyIam.getUser().user().userName()).isEqualTo("authz-judy");
            assertThatThrownBy(() -> judyIam.listUsers()).isInstanceOfSatisfying(IamException.class, error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
            assertThatThrownBy(() -> cloudTrail.describeTrails()).isInstanceOfSatisfying(CloudTrailException.class,
                    error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        }
    }

    @Test
    public void explicitDenyWinsOverAdministratorAccess()
    {
        AwsCredentialsProvider kim = user("authz-kim");
        iam.attachUserPolicy(request -> request.userName("authz-kim").policyArn("arn:aws:iam::aws:policy/AdministratorAccess"));
        try (IamClient kimIam = server.iam(kim)) {
            assertThat(kimIam.listUsers().users()).isNotEmpty();
            iam.putUserPolicy(request -> request.userName("authz-kim").policyName("no-deletes")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"iam:Delete*\",\"Resource\":\"*\"}]}"));
            iam.createUser(request -> request.userName("authz-victim"));
            assertThatThrownBy(() -> kimIam.deleteUser(request -> request.userName("authz-victim")))
                    .isInstanceOfSatisfying(IamException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy"));
            assertThat(iam.getUser(request -> request.userName("authz-victim")).user()).isNotNull();
            assertThat(kimIam.listUsers().users()).isNotEmpty();
        }
    }

    @Test
    public void notActionAndPolicyVariables()
    {
        AwsCredentialsProvider leo = user("authz-leo");
        // everything except IAM, plus managing only one's own access keys
        iam.putUserPolicy(request -> request.userName("authz-leo").policyName("self-service").policyDocument("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
                  {"Effect":"Allow","Action":["iam:ListAccessKeys","iam:CreateAccessKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}"""));
        iam.createUser(request -> request.userName("authz-other"));
        try (IamClient leoIam = server.iam(leo); CloudTrailClient leoCloudTrail = server.cloudTrail(leo, "us-west-2")) {
            assertThat(leoCloudTrail.lookupEvents().events()).isNotNull();
            assertThat(leoIam.listAccessKeys().accessKeyMetadata()).hasSize(1);
            assertThat(leoIam.listAccessKeys(request -> request.userName("authz-leo")).accessKeyMetadata()).hasSize(1);
            assertThatThrownBy(() -> leoIam.listAccessKeys(request -> request.userName("authz-other")))
                    .isInstanceOfSatisfying(IamException.class, error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
            assertThatThrownBy(() -> leoIam.listUsers()).isInstanceOf(IamException.class);
        }
    }

    @Test
    public void listingsAreAuthorizedAgainstTheirPath()
    {
        AwsCredentialsProvider olga = user("authz-olga");
        iam.putUserPolicy(request -> request.userName("authz-olga").policyName("team-only")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"arn:aws:iam::*:user/team/*\"}]}"));
        iam.createUser(request -> request.userName("authz-teammate").path("/team/"));
        try (IamClient olgaIam = server.iam(olga)) {
            assertThat(olgaIam.listUsers(request -> request.pathPrefix("/team/")).users()).extracting(user -> user.userName()).containsExactly("authz-teammate");
            assertThatThrownBy(() -> olgaIam.listUsers()).isInstanceOfSatisfying(IamException.class,
                    error -> assertThat(error.awsErrorDetails().errorMessage()).contains("on resource: arn:aws:iam::" + server.accountId() + ":user/ because"));
        }
    }

    @Test
    public void policyChangesTakeEffectOnTheNextCall()
    {
        AwsCredentialsProvider mia = user("authz-mia");
        try (IamClient miaIam = server.iam(mia)) {
            assertThatThrownBy(() -> miaIam.listUsers()).isInstanceOf(IamException.class);
            iam.attachUserPolicy(request -> request.userName("authz-mia").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
            assertThat(miaIam.listUsers().users()).isNotEmpty();
            assertThatThrownBy(() -> miaIam.createUser(request -> request.userName("authz-nope"))).isInstanceOf(IamException.class);
            iam.detachUserPolicy(request -> request.userName("authz-mia").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
            assertThatThrownBy(() -> miaIam.listUsers()).isInstanceOf(IamException.class);
        }
    }
}
