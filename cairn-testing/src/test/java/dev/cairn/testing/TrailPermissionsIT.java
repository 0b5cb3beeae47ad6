package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.trail.BucketPolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * CreateTrail and UpdateTrail check a trail's destinations as CloudTrail does: the bucket's policy must let
 * {@code cloudtrail.amazonaws.com} read its ACL and write under the trail's prefix, and a notification topic must exist
 * (Cairn has none yet). A refused call changes nothing and is recorded with AWS's error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class TrailPermissionsIT
{
    private TestingCairnServer server;
    private CloudTrailClient cloudTrail;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.builder().deliveryInterval(Duration.ofMinutes(5)).start();
        cloudTrail = server.cloudTrail();
    }

    @AfterAll
    public void stop()
    {
        cloudTrail.close();
        server.close();
    }

    @Test
    public void aBucketMustLetCloudTrailWrite()
    {
        String account = server.accountId();
        server.createBucketDirectoryWithoutPolicy("bare-logs");
        assertError(() -> cloudTrail.createTrail(request -> request.name("audit").s3BucketName("bare-logs")), "InsufficientS3BucketPolicyException",
                "Incorrect S3 bucket policy is detected for bucket: bare-logs");
        assertThat(cloudTrail.describeTrails().trailList()).as("nothing changed").isEmpty();
        // the refused call is recorded
        EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateTrail", "the refused CreateTrail",
                event -> "InsufficientS3BucketPolicyException".equals(EventHistory.record(event).path("errorCode").asText()), Duration.ofSeconds(5));

        // a policy for another account's files does not do
        server.putBucketPolicy("bare-logs", BucketPolicies.cloudTrail("bare-logs", Optional.empty(), List.of("444455556666")));
        assertError(() -> cloudTrail.createTrail(request -> request.name("audit").s3BucketName("bare-logs")), "InsufficientS3BucketPolicyException", "bare-logs");

        // the policy AWS documents, for this account under the prefix "team"
        server.putBucketPolicy("bare-logs", BucketPolicies.cloudTrail("bare-logs", Optional.of("team"), List.of(account)));
        assertError(() -> cloudTrail.createTrail(request -> request.name("audit").s3BucketName("bare-logs")), "InsufficientS3BucketPolicyException", "bare-logs");
        cloudTrail.createTrail(request -> request.name("audit").s3BucketName("bare-logs").s3KeyPrefix("team"));
        assertThat(cloudTrail.getTrail(request -> request.name("audit")).trail().s3KeyPrefix()).isEqualTo("team");

        // UpdateTrail checks a new prefix or bucket too
        assertError(() -> cloudTrail.updateTrail(request -> request.name("audit").s3KeyPrefix("elsewhere")), "InsufficientS3BucketPolicyException", "bare-logs");
        server.createBucketDirectory("open-logs");
        cloudTrail.updateTrail(request -> request.name("audit").s3BucketName("open-logs").s3KeyPrefix(""));
        assertThat(cloudTrail.getTrail(request -> request.name("audit")).trail().s3BucketName()).isEqualTo("open-logs");
        cloudTrail.updateTrail(request -> request.name("audit").enableLogFileValidation(true));
        cloudTrail.deleteTrail(request -> request.name("audit"));
    }

    @Test
    public void aTopicMustExist()
    {
        server.createBucketDirectory("topic-logs");
        assertError(() -> cloudTrail.createTrail(request -> request.name("notifying").s3BucketName("topic-logs").snsTopicName("alerts")),
                "InsufficientSnsTopicPolicyException", "SNS Topic does not exist or the topic policy is incorrect!");
        cloudTrail.createTrail(request -> request.name("notifying").s3BucketName("topic-logs"));
        assertError(() -> cloudTrail.updateTrail(request -> request.name("notifying").snsTopicName("alerts")),
                "InsufficientSnsTopicPolicyException", "SNS Topic does not exist or the topic policy is incorrect!");
        assertThat(cloudTrail.getTrail(request -> request.name("notifying")).trail().snsTopicARN()).isNull();

        // a topic whose policy (SNS's default: the owner's account only) does not let CloudTrail publish
        try (SnsClient sns = SnsClients.sns(server, TestingCairnServer.rootCredentials(), "us-east-1")) {
            String topic = sns.createTopic(request -> request.name("alerts")).topicArn();
            assertError(() -> cloudTrail.updateTrail(request -> request.name("notifying").snsTopicName("alerts")),
                    "InsufficientSnsTopicPolicyException", "SNS Topic does not exist or the topic policy is incorrect!");
            sns.setTopicAttributes(request -> request.topicArn(topic).attributeName("Policy").attributeValue("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                    + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"SNS:Publish\",\"Resource\":\"" + topic + "\"}]}"));
            cloudTrail.updateTrail(request -> request.name("notifying").snsTopicName(topic));
            assertThat(cloudTrail.getTrail(request -> request.name("notifying")).trail().snsTopicARN()).isEqualTo(topic);
        }
        cloudTrail.deleteTrail(request -> request.name("notifying"));
    }

    private static void assertError(Executable call, String code, String message)
    {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(CloudTrailException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
                    assertThat(error.awsErrorDetails().errorMessage()).contains(message);
                    assertThat(error.statusCode()).isEqualTo(400);
                });
    }
}
