package dev.cairn.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * CloudTrail records for the Lake benchmark, about 1.3 KB each: a skewed mix of 36 calls of 14 services (about one
 * in six a data event: S3 objects, Lambda invocations, DynamoDB items), 1,000 principals (a third of them assumed
 * roles) over 7 accounts, 6 regions, request parameters, responses, resources, denied calls.
 */
final class LakeEvents
{
    // eventSource, eventName, readOnly, eventCategory
    private static final String[][] CALLS = {
            {"sts.amazonaws.com", "GetCallerIdentity", "true", "Management"},
            {"s3.amazonaws.com", "GetObject", "true", "Data"},
            {"ec2.amazonaws.com", "DescribeInstances", "true", "Management"},
            {"kms.amazonaws.com", "Decrypt", "true", "Management"},
            {"sts.amazonaws.com", "AssumeRole", "true", "Management"},
            {"s3.amazonaws.com", "PutObject", "false", "Data"},
            {"cloudtrail.amazonaws.com", "LookupEvents", "true", "Management"},
            {"iam.amazonaws.com", "GetUser", "true", "Management"},
            {"s3.amazonaws.com", "ListBuckets", "true", "Management"},
            {"logs.amazonaws.com", "DescribeLogGroups", "true", "Management"},
            {"lambda.amazonaws.com", "Invoke", "false", "Data"},
            {"kms.amazonaws.com", "GenerateDataKey", "true", "Management"},
            {"ec2.amazonaws.com", "DescribeSecurityGroups", "true", "Management"},
            {"dynamodb.amazonaws.com", "GetItem", "true", "Data"},
            {"iam.amazonaws.com", "ListRoles", "true", "Management"},
            {"ssm.amazonaws.com", "GetParameter", "true", "Management"},
            {"secretsmanager.amazonaws.com", "GetSecretValue", "true", "Management"},
            {"ec2.amazonaws.com", "DescribeVolumes", "true", "Management"},
            {"s3.amazonaws.com", "GetBucketAcl", "true", "Management"},
            {"monitoring.amazonaws.com", "PutMetricData", "false", "Management"},
            {"dynamodb.amazonaws.com", "PutItem", "false", "Data"},
            {"ec2.amazonaws.com", "RunInstances", "false", "Management"},
            {"ec2.amazonaws.com", "CreateTags", "false", "Management"},
            {"iam.amazonaws.com", "CreateRole", "false", "Management"},
            {"iam.amazonaws.com", "AttachRolePolicy", "false", "Management"},
            {"lambda.amazonaws.com", "UpdateFunctionCode", "false", "Management"},
            {"s3.amazonaws.com", "DeleteObject", "false", "Data"},
            {"iam.amazonaws.com", "CreateUser", "false", "Management"},
            {"iam.amazonaws.com", "CreateAccessKey", "false", "Management"},
            {"iam.amazonaws.com", "PutUserPolicy", "false", "Management"},
            {"ec2.amazonaws.com", "TerminateInstances", "false", "Management"},
            {"kms.amazonaws.com", "ScheduleKeyDeletion", "false", "Management"},
            {"cloudtrail.amazonaws.com", "StopLogging", "false", "Management"},
            {"iam.amazonaws.com", "DeleteUser", "false", "Management"},
            {"signin.amazonaws.com", "ConsoleLogin", "false", "Management"},
            {"organizations.amazonaws.com", "LeaveOrganization", "false", "Management"},
    };
    static final String[] REGIONS = {"us-east-1", "us-east-1", "us-east-1", "eu-west-1", "eu-west-1", "us-west-2", "ap-southeast-2", "ap-northeast-1"};
    static final int PRINCIPALS = 1_000;

    private final SplittableRandom random;

    LakeEvents(long seed)
    {
        this.random = new SplittableRandom(seed);
    }

    static int callCount()
    {
        return CALLS.length;
    }

    byte[] next(Instant time)
    {
        // skewed: low indexes are much more frequent, as real traffic is
        String[] call = CALLS[(int) Math.min(CALLS.length - 1, Math.floor(Math.abs(random.nextGaussian()) * 7))];
        int principal = (int) Math.min(PRINCIPALS - 1, Math.floor(Math.abs(random.nextGaussian()) * PRINCIPALS / 3));
        String account = "1111222233" + String.format("%02d", principal % 7);
        String region = REGIONS[random.nextInt(REGIONS.length)];
        boolean data = call[3].equals("Data");
        boolean readOnly = call[2].equals("true");
        StringBuilder json = new StringBuilder(1500);
        json.append("{\"eventVersion\":\"1.11\",\"userIdentity\":{");
        if (principal % 3 == 0) {
            String role = "role-" + principal;
            json.append("\"type\":\"AssumedRole\",\"principalId\":\"AROA").append(String.format("%017d", principal)).append(":session-").append(principal)
                    .append("\",\"arn\":\"arn:aws:sts::").append(account).append(":assumed-role/").append(role).append("/session-").append(principal)
                    .append("\",\"accountId\":\"").append(account).append("\",\"accessKeyId\":\"ASIA").append(String.format("%016d", principal))
                    .append("\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROA").append(String.format("%017d", principal))
                    .append("\",\"arn\":\"arn:aws:iam::").append(account).append(":role/").append(role).append("\",\"accountId\":\"").append(account)
                    .append("\",\"userName\":\"").append(role).append("\"},\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"")
                    .append(DateTimeFormatter.ISO_INSTANT.format(time.minusSeconds(900).truncatedTo(ChronoUnit.SECONDS)))
                    .append("\",\"mfaAuthenticated\":\"false\"}}}");
        }
        else {
            json.append("\"type\":\"IAMUser\",\"principalId\":\"AIDA").append(String.format("%017d", principal)).append("\",\"arn\":\"arn:aws:iam::").append(account)
                    .append(":user/user-").append(principal).append("\",\"accountId\":\"").append(account).append("\",\"accessKeyId\":\"AKIA")
                    .append(String.format("%016d", principal)).append("\",\"userName\":\"user-").append(principal).append("\"}");
        }
        json.append(",\"eventTime\":\"").append(DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)))
                .append("\",\"eventSource\":\"").append(call[0]).append("\",\"eventName\":\"").append(call[1]).append("\",\"awsRegion\":\"").append(region)
                .append("\",\"sourceIPAddress\":\"10.").append(random.nextInt(4)).append('.').append(random.nextInt(256)).append('.').append(random.nextInt(256))
                .append("\",\"userAgent\":\"aws-sdk-java/2.40.2 Linux/6.1.0-28-cloud-amd64 OpenJDK_64-Bit_Server_VM/17.0.15+6-Debian-1deb12u1 Java/17.0.15 "
                        + "vendor/Debian io/sync http/Apache cfg/retry-mode/standard ua/2.1 api/")
                .append(call[1]).append('"');
        boolean denied = random.nextInt(40) == 0;
        if (denied) {
            json.append(",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User: arn:aws:iam::").append(account).append(":user/user-").append(principal)
                    .append(" is not authorized to perform: ").append(call[0], 0, call[0].indexOf('.')).append(':').append(call[1]).append('"');
        }
        String bucket = "bucket-" + random.nextInt(40);
        String key = "logs/2026/12/" + random.nextInt(1_000_000) + ".json.gz";
        if (call[0].equals("s3.amazonaws.com") && data) {
            json.append(",\"requestParameters\":{\"bucketName\":\"").append(bucket).append("\",\"Host\":\"").append(bucket).append(".s3.").append(region)
                    .append(".amazonaws.com\",\"key\":\"").append(key).append("\"}");
        }
        else if (data) {
            json.append(",\"requestParameters\":{\"tableName\":\"table-").append(random.nextInt(20)).append("\",\"key\":{\"id\":{\"S\":\"")
                    .append(random.nextInt(100_000)).append("\"}}}");
        }
        else if (!readOnly) {
            json.append(",\"requestParameters\":{\"name\":\"resource-").append(random.nextInt(10_000)).append("\",\"path\":\"/\",\"tags\":[{\"key\":\"team\",\"value\":\"team-")
                    .append(random.nextInt(9)).append("\"}],\"maxCount\":").append(random.nextInt(5) + 1).append('}');
        }
        else {
            json.append(",\"requestParameters\":null");
        }
        if (denied || readOnly) {
            json.append(",\"responseElements\":null");
        }
        else {
            json.append(",\"responseElements\":{\"requestId\":\"").append(new UUID(random.nextLong(), random.nextLong())).append("\",\"created\":true}");
        }
        if (data && call[0].equals("s3.amazonaws.com")) {
            json.append(",\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"bytesTransferredIn\":0,\"bytesTransferredOut\":")
                    .append(random.nextInt(100_000)).append(",\"x-amz-id-2\":\"").append(Long.toHexString(random.nextLong())).append("\"}");
        }
        json.append(",\"requestID\":\"").append(new UUID(random.nextLong(), random.nextLong())).append("\",\"eventID\":\"").append(new UUID(random.nextLong(), random.nextLong()))
                .append("\",\"readOnly\":").append(readOnly);
        if (data && call[0].equals("s3.amazonaws.com")) {
            json.append(",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::").append(bucket).append('/').append(key)
                    .append("\"},{\"accountId\":\"").append(account).append("\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::").append(bucket).append("\"}]");
        }
        else if (!readOnly) {
            json.append(",\"resources\":[{\"accountId\":\"").append(account).append("\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::").append(account)
                    .append(":role/target-").append(random.nextInt(100)).append("\"}]");
        }
        json.append(",\"eventType\":\"AwsApiCall\",\"managementEvent\":").append(!data).append(",\"recipientAccountId\":\"").append(account)
                .append("\",\"eventCategory\":\"").append(call[3]).append("\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",")
                .append("\"clientProvidedHostHeader\":\"").append(call[0].replace("amazonaws.com", region + ".amazonaws.com")).append("\"}");
        if (data) {
            json.append(",\"sharedEventID\":\"").append(new UUID(random.nextLong(), random.nextLong())).append('"');
        }
        json.append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
