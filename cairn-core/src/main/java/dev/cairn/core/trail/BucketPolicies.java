package dev.cairn.core.trail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * The bucket policy CloudTrail needs on a trail's bucket, as AWS documents it ("Amazon S3 bucket policy for
 * CloudTrail"): {@code cloudtrail.amazonaws.com} may read the bucket's ACL, and write objects under
 * {@code [prefix/]AWSLogs/<account>/} with the ACL {@code bucket-owner-full-control}. Without accounts, any account's
 * files may be written; AWS's {@code aws:SourceArn} condition (one trail only) is left to the user.
 */
public final class BucketPolicies
{
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BucketPolicies() {}

    public static String cloudTrail(String bucket, Optional<String> keyPrefix, List<String> accountIds)
    {
        String objects = "arn:aws:s3:::" + bucket + "/" + keyPrefix.map(prefix -> prefix + "/").orElse("") + "AWSLogs/";
        return cloudTrail(bucket, accountIds.isEmpty() ? List.of(objects + "*") : accountIds.stream().map(account -> objects + account + "/*").toList());
    }

    /** The same policy, letting CloudTrail write the objects these resource patterns match. */
    public static String cloudTrail(String bucket, List<String> objectResources)
    {
        ObjectNode policy = NODES.objectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        ObjectNode aclCheck = statements.addObject();
        aclCheck.put("Sid", "AWSCloudTrailAclCheck20150319");
        aclCheck.put("Effect", "Allow");
        aclCheck.putObject("Principal").put("Service", "cloudtrail.amazonaws.com");
        aclCheck.put("Action", "s3:GetBucketAcl");
        aclCheck.put("Resource", "arn:aws:s3:::" + bucket);
        ObjectNode write = statements.addObject();
        write.put("Sid", "AWSCloudTrailWrite20150319");
        write.put("Effect", "Allow");
        write.putObject("Principal").put("Service", "cloudtrail.amazonaws.com");
        write.put("Action", "s3:PutObject");
        if (objectResources.size() == 1) {
            write.put("Resource", objectResources.get(0));
        }
        else {
            ArrayNode resources = write.putArray("Resource");
            objectResources.forEach(resources::add);
        }
        write.putObject("Condition").putObject("StringEquals").put("s3:x-amz-acl", "bucket-owner-full-control");
        return policy.toPrettyString() + "\n";
    }
}
