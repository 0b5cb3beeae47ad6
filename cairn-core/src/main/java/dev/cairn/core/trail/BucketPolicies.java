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
 * files may be written. With accounts, both statements also have the condition {@code aws:SourceAccount} (AWS's
 * protection from the confused deputy): the object path alone does not keep other accounts out, as another account's
 * trail with the key prefix {@code AWSLogs/<account>} writes under {@code AWSLogs/<account>/} too. AWS's
 * {@code aws:SourceArn} condition (one trail only) is left to the user.
 */
public final class BucketPolicies
{
    /** The service principal CloudTrail acts as: in bucket policies, trusted access and delegated administration. */
    public static final String CLOUDTRAIL_SERVICE_PRINCIPAL = "cloudtrail.amazonaws.com";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BucketPolicies() {}

    public static String cloudTrail(String bucket, Optional<String> keyPrefix, List<String> accountIds)
    {
        return cloudTrail(bucket, keyPrefix, accountIds, List.of());
    }

    /**
     * With organizations: their organization trails write every member account's files under
     * {@code AWSLogs/<organization id>/}, as AWS's policy for organization trails allows; the accounts named are those
     * whose trails may write (for an organization trail, its management account).
     */
    public static String cloudTrail(String bucket, Optional<String> keyPrefix, List<String> accountIds, List<String> organizationIds)
    {
        String objects = "arn:aws:s3:::" + bucket + "/" + keyPrefix.map(prefix -> prefix + "/").orElse("") + "AWSLogs/";
        if (accountIds.isEmpty()) {
            return cloudTrail(bucket, List.of(objects + "*"), List.of());
        }
        List<String> resources = new java.util.ArrayList<>();
        accountIds.forEach(account -> resources.add(objects + account + "/*"));
        organizationIds.forEach(organization -> resources.add(objects + organization + "/*"));
        return cloudTrail(bucket, resources, accountIds);
    }

    /** The same policy, letting CloudTrail write the objects these resource patterns match, for any account. */
    public static String cloudTrail(String bucket, List<String> objectResources)
    {
        return cloudTrail(bucket, objectResources, List.of());
    }

    private static String cloudTrail(String bucket, List<String> objectResources, List<String> sourceAccounts)
    {
        ObjectNode policy = NODES.objectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        ObjectNode aclCheck = statements.addObject();
        aclCheck.put("Sid", "AWSCloudTrailAclCheck20150319");
        aclCheck.put("Effect", "Allow");
        aclCheck.putObject("Principal").put("Service", CLOUDTRAIL_SERVICE_PRINCIPAL);
        aclCheck.put("Action", "s3:GetBucketAcl");
        aclCheck.put("Resource", "arn:aws:s3:::" + bucket);
        if (!sourceAccounts.isEmpty()) {
            sourceAccount(aclCheck.putObject("Condition").putObject("StringEquals"), sourceAccounts);
        }
        ObjectNode write = statements.addObject();
        write.put("Sid", "AWSCloudTrailWrite20150319");
        write.put("Effect", "Allow");
        write.putObject("Principal").put("Service", CLOUDTRAIL_SERVICE_PRINCIPAL);
        write.put("Action", "s3:PutObject");
        if (objectResources.size() == 1) {
            write.put("Resource", objectResources.get(0));
        }
        else {
            ArrayNode resources = write.putArray("Resource");
            objectResources.forEach(resources::add);
        }
        ObjectNode equals = write.putObject("Condition").putObject("StringEquals");
        equals.put("s3:x-amz-acl", "bucket-owner-full-control");
        if (!sourceAccounts.isEmpty()) {
            sourceAccount(equals, sourceAccounts);
        }
        return policy.toPrettyString() + "\n";
    }

    private static void sourceAccount(ObjectNode equals, List<String> accounts)
    {
        if (accounts.size() == 1) {
            equals.put("aws:SourceAccount", accounts.get(0));
        }
        else {
            ArrayNode values = equals.putArray("aws:SourceAccount");
            accounts.forEach(values::add);
        }
    }
}
