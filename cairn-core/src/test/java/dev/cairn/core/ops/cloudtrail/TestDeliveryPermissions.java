package dev.cairn.core.ops.cloudtrail;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.iam.InMemoryMetadata;
import dev.cairn.core.trail.BucketPolicies;
import dev.cairn.core.trail.Trail;
import dev.cairn.spi.BucketStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestDeliveryPermissions
{
    private static final String ACCOUNT = "111122223333";

    /** AWS's documented policy ("Amazon S3 bucket policy for CloudTrail"), with its recommended aws:SourceArn. */
    private static final String DOCUMENTED = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "AWSCloudTrailAclCheck20150319",
                  "Effect": "Allow",
                  "Principal": {"Service": "cloudtrail.amazonaws.com"},
                  "Action": "s3:GetBucketAcl",
                  "Resource": "arn:aws:s3:::logs",
                  "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"}}
                },
                {
                  "Sid": "AWSCloudTrailWrite20150319",
                  "Effect": "Allow",
                  "Principal": {"Service": "cloudtrail.amazonaws.com"},
                  "Action": "s3:PutObject",
                  "Resource": "arn:aws:s3:::logs/%sAWSLogs/111122223333/*",
                  "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit"}}
                }
              ]
            }
            """;

    @Test
    public void awsDocumentedPolicyLetsTheTrailWrite()
    {
        DeliveryPermissions.checkBucketPolicy(trail("audit", Optional.empty()), Optional.of(DOCUMENTED.formatted("")));
        DeliveryPermissions.checkBucketPolicy(trail("audit", Optional.of("team/a")), Optional.of(DOCUMENTED.formatted("team/a/")));
        DeliveryPermissions.checkBucketPolicy(trail("audit", Optional.of("team")), Optional.of(BucketPolicies.cloudTrail("logs", Optional.of("team"), List.of(ACCOUNT))));
        DeliveryPermissions.checkBucketPolicy(trail("other", Optional.empty()), Optional.of(BucketPolicies.cloudTrail("logs", Optional.empty(), List.of())));
    }

    @Test
    public void policiesThatDoNotLetThisTrailWriteAreRefusedAsAwsRefusesThem()
    {
        Trail audit = trail("audit", Optional.empty());
        assertInsufficient(audit, Optional.empty());
        assertInsufficient(audit, Optional.of("not a policy"));
        assertInsufficient(trail("another-trail", Optional.empty()), Optional.of(DOCUMENTED.formatted("")));
        assertInsufficient(trail("audit", Optional.of("team")), Optional.of(DOCUMENTED.formatted("")));
        assertInsufficient(audit, Optional.of(BucketPolicies.cloudTrail("logs", Optional.empty(), List.of("444455556666"))));
        assertInsufficient(audit, Optional.of(BucketPolicies.cloudTrail("other-bucket", Optional.empty(), List.of())));
        // the write allowed, the ACL check not
        assertInsufficient(audit, Optional.of(DOCUMENTED.formatted("").replace("s3:GetBucketAcl", "s3:GetBucketLocation")));
        // another principal
        assertInsufficient(audit, Optional.of(DOCUMENTED.formatted("").replace("{\"Service\": \"cloudtrail.amazonaws.com\"}", "{\"AWS\": \"arn:aws:iam::111122223333:root\"}")));
        // a deny for the service wins
        String denied = BucketPolicies.cloudTrail("logs", Optional.empty(), List.of()).replace("\"Statement\" : [", """
                "Statement" : [ {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*"},""");
        assertInsufficient(audit, Optional.of(denied));
    }

    /**
     * A policy for some accounts ({@code cairn create-bucket --account}) lets no other account's trail write, not even
     * under a key prefix that puts its files under {@code AWSLogs/<allowed account>/}.
     */
    @Test
    public void aPolicyForAnAccountLetsNoOtherAccountsTrailWriteUnderAnyPrefix()
    {
        String forAccount = BucketPolicies.cloudTrail("logs", Optional.empty(), List.of(ACCOUNT));
        DeliveryPermissions.checkBucketPolicy(trail("audit", Optional.empty()), Optional.of(forAccount));
        DeliveryPermissions.checkBucketPolicy(trail("audit", Optional.of("AWSLogs/" + ACCOUNT)), Optional.of(forAccount));
        for (Optional<String> prefix : List.of(Optional.<String>empty(), Optional.of("AWSLogs/" + ACCOUNT), Optional.of("AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1"))) {
            Trail.Builder intruder = trail("intruder", prefix).toBuilder();
            intruder.accountId = "444455556666";
            assertInsufficient(intruder.build(), Optional.of(forAccount));
        }
        // two accounts: either may write, a third may not
        String forTwo = BucketPolicies.cloudTrail("logs", Optional.empty(), List.of(ACCOUNT, "444455556666"));
        Trail.Builder second = trail("second", Optional.of("AWSLogs/" + ACCOUNT)).toBuilder();
        second.accountId = "444455556666";
        DeliveryPermissions.checkBucketPolicy(second.build(), Optional.of(forTwo));
        Trail.Builder third = trail("third", Optional.of("AWSLogs/" + ACCOUNT)).toBuilder();
        third.accountId = "777788889999";
        assertInsufficient(third.build(), Optional.of(forTwo));
    }

    @Test
    public void aPolicyForAnOrganizationLetsItsManagementAccountsOrganizationTrailWrite()
    {
        Trail.Builder organizationTrail = trail("organization", Optional.empty()).toBuilder();
        organizationTrail.organizationId = Optional.of("o-abcdefghij");
        String forAccountOnly = BucketPolicies.cloudTrail("logs", Optional.empty(), List.of(ACCOUNT));
        assertInsufficient(organizationTrail.build(), Optional.of(forAccountOnly));
        String forOrganization = BucketPolicies.cloudTrail("logs", Optional.empty(), List.of(ACCOUNT), List.of("o-abcdefghij"));
        DeliveryPermissions.checkBucketPolicy(organizationTrail.build(), Optional.of(forOrganization));
        // another account's organization trail, into the same organization's folder: refused (aws:SourceAccount)
        Trail.Builder intruder = organizationTrail.build().toBuilder();
        intruder.accountId = "444455556666";
        assertInsufficient(intruder.build(), Optional.of(forOrganization));
    }

    @Test
    public void aTopicMustExist()
    {
        Trail.Builder builder = trail("audit", Optional.empty()).toBuilder();
        builder.snsTopicName = Optional.of("alerts");
        BucketStore withPolicy = new PolicyOnlyBucketStore(BucketPolicies.cloudTrail("logs", Optional.empty(), List.of()));
        assertThatThrownBy(() -> DeliveryPermissions.check(withPolicy, builder.build(), new InMemoryMetadata()))
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_SNS_TOPIC_POLICY);
                    assertThat(e.getMessage()).isEqualTo("SNS Topic does not exist or the topic policy is incorrect!");
                });
    }

    private static void assertInsufficient(Trail trail, Optional<String> policy)
    {
        assertThatThrownBy(() -> DeliveryPermissions.checkBucketPolicy(trail, policy))
                .as(policy.orElse("no policy"))
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_S3_BUCKET_POLICY);
                    assertThat(e.getMessage()).isEqualTo("Incorrect S3 bucket policy is detected for bucket: logs");
                });
    }

    private static Trail trail(String name, Optional<String> prefix)
    {
        Trail.Builder builder = new Trail.Builder();
        builder.accountId = ACCOUNT;
        builder.name = name;
        builder.homeRegion = "us-east-1";
        builder.s3BucketName = "logs";
        builder.s3KeyPrefix = prefix;
        builder.created = Instant.EPOCH;
        return builder.build();
    }

    /** A bucket store that only has a policy. */
    private record PolicyOnlyBucketStore(String policy)
            implements BucketStore
    {
        @Override
        public boolean bucketExists(String bucket)
        {
            return true;
        }

        @Override
        public Optional<String> bucketPolicy(String bucket)
        {
            return Optional.of(policy);
        }

        @Override
        public void put(String bucket, String key, byte[] content, ObjectAttributes attributes)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StoredObject> get(String bucket, String key)
        {
            return Optional.empty();
        }

        @Override
        public List<String> list(String bucket, String prefix)
        {
            return List.of();
        }

        @Override
        public String describe()
        {
            return "policy only";
        }
    }

    @Test
    public void trailNamesAreCheckedWithCloudTrailsMessages()
    {
        Map<String, String> messages = Map.of(
                "ab", "Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.",
                "a".repeat(129), "Trail name too long. Maximum allowed length: 128 characters. Specified name length: 129 characters.",
                "-bad", "Trail name must starts with a letter or number.",
                "bad_", "Trail name must ends with a letter or number.",
                "bad name", "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).",
                "a..b", "Trail name or ARN cannot have adjacent periods (.), hyphens (-), or underscores (_).",
                "192.168.5.4", "Trail names must not be formatted as an IP address.",
                "   ", "Trail name cannot be blank!");
        messages.forEach((name, message) -> assertThatThrownBy(() -> Trails.validateName(name))
                .as(name)
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TRAIL_NAME);
                    assertThat(e.getMessage()).isEqualTo(message);
                }));
        Trails.validateName("My-Trail_2.b");
    }
}
