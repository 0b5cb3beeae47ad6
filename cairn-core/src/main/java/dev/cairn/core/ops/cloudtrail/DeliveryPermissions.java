package dev.cairn.core.ops.cloudtrail;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.Decision;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.iam.policy.PolicyEvaluator;
import dev.cairn.core.iam.policy.PolicyPrincipal;
import dev.cairn.core.trail.BucketPolicies;
import dev.cairn.core.trail.NotificationTopic;
import dev.cairn.core.trail.Trail;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What CreateTrail and UpdateTrail check before a trail may deliver somewhere, as CloudTrail does: the bucket's policy
 * must let the CloudTrail service ({@code cloudtrail.amazonaws.com}) read the bucket's ACL ({@code s3:GetBucketAcl} on
 * the bucket) and write the trail's files ({@code s3:PutObject} under {@code [prefix/]AWSLogs/<account>/}), with the
 * context CloudTrail's requests carry ({@code aws:SourceArn} the trail's ARN, {@code aws:SourceAccount} its account,
 * {@code s3:x-amz-acl} {@code bucket-owner-full-control}); and a notification topic must exist and let CloudTrail
 * publish ({@link NotificationTopic#check}).
 */
final class DeliveryPermissions
{

    private DeliveryPermissions() {}

    static void check(BucketStore buckets, Trail trail, MetadataReader metadata)
            throws IOException
    {
        checkBucketPolicy(trail, buckets.bucketPolicy(trail.s3BucketName()));
        NotificationTopic.check(metadata, trail);
    }

    static void checkBucketPolicy(Trail trail, Optional<String> policyJson)
    {
        String bucket = trail.s3BucketName();
        CairnException insufficient = new CairnException(ErrorCode.INSUFFICIENT_S3_BUCKET_POLICY, "Incorrect S3 bucket policy is detected for bucket: " + bucket);
        if (policyJson.isEmpty()) {
            throw insufficient;
        }
        PolicyDocument policy;
        try {
            policy = PolicyDocument.parseResourcePolicy(policyJson.get());
        }
        catch (CairnException e) {
            throw insufficient;
        }
        PolicyPrincipal cloudTrail = PolicyPrincipal.service(BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL);
        Map<String, List<String>> context = Map.of(
                "aws:SourceArn", List.of(trail.arn()),
                "aws:SourceAccount", List.of(trail.accountId()),
                "s3:x-amz-acl", List.of("bucket-owner-full-control"));
        // an organization trail writes every member account's files under the organization's folder
        String logs = "arn:aws:s3:::" + bucket + "/" + trail.s3KeyPrefix().map(prefix -> prefix + "/").orElse("") + "AWSLogs/"
                + trail.organizationId().map(id -> id + "/").orElse("") + trail.accountId() + "/";
        List<AuthorizationRequest> requests = List.of(
                new AuthorizationRequest("s3:GetBucketAcl", "arn:aws:s3:::" + bucket, context),
                new AuthorizationRequest("s3:PutObject", logs + "CloudTrail/" + trail.homeRegion() + "/", context),
                new AuthorizationRequest("s3:PutObject", logs + "CloudTrail-Digest/" + trail.homeRegion() + "/", context));
        for (AuthorizationRequest request : requests) {
            if (PolicyEvaluator.evaluateResourcePolicy(policy, cloudTrail, request) != Decision.ALLOW) {
                throw insufficient;
            }
        }
    }
}
