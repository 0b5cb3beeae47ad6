package dev.cairn.core.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic CloudTrail records for the Lake's tests, seeded: IAM users and assumed roles, management calls of
 * several services, S3 data events with their bucket and object resources, some denied calls.
 */
final class LakeRecords
{
    static final String[][] CALLS = {
            {"s3.amazonaws.com", "GetObject", "Data"},
            {"s3.amazonaws.com", "PutObject", "Data"},
            {"sts.amazonaws.com", "GetCallerIdentity", "Management"},
            {"ec2.amazonaws.com", "DescribeInstances", "Management"},
            {"iam.amazonaws.com", "CreateUser", "Management"},
            {"cloudtrail.amazonaws.com", "LookupEvents", "Management"},
            {"kms.amazonaws.com", "Decrypt", "Management"},
            {"iam.amazonaws.com", "DeleteUser", "Management"},
    };
    static final String[] REGIONS = {"us-east-1", "eu-west-1", "ap-southeast-2"};

    private final SplittableRandom random;

    LakeRecords(long seed)
    {
        this.random = new SplittableRandom(seed);
    }

    /** {@code count} records, {@code spacing} apart from {@code start}. */
    List<byte[]> records(int count, Instant start, Duration spacing)
    {
        List<byte[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(bytes(record(start.plus(spacing.multipliedBy(i)))));
        }
        return records;
    }

    ObjectNode record(Instant time)
    {
        String[] call = CALLS[random.nextInt(CALLS.length)];
        int user = random.nextInt(20);
        String account = "11112222333" + (user % 3);
        String region = REGIONS[random.nextInt(REGIONS.length)];
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("eventVersion", "1.11");
        ObjectNode identity = record.putObject("userIdentity");
        if (user % 4 == 0) {
            identity.put("type", "AssumedRole");
            identity.put("principalId", "AROAEXAMPLE" + user + ":session");
            identity.put("arn", "arn:aws:sts::" + account + ":assumed-role/role-" + user + "/session");
            identity.put("accountId", account);
            identity.put("accessKeyId", "ASIAEXAMPLE" + user);
            ObjectNode session = identity.putObject("sessionContext");
            ObjectNode issuer = session.putObject("sessionIssuer");
            issuer.put("type", "Role");
            issuer.put("principalId", "AROAEXAMPLE" + user);
            issuer.put("arn", "arn:aws:iam::" + account + ":role/role-" + user);
            issuer.put("accountId", account);
            issuer.put("userName", "role-" + user);
            session.putObject("webIdFederationData");
            ObjectNode attributes = session.putObject("attributes");
            attributes.put("creationDate", DateTimeFormatter.ISO_INSTANT.format(time.minusSeconds(300).truncatedTo(ChronoUnit.SECONDS)));
            attributes.put("mfaAuthenticated", "false");
        }
        else {
            identity.put("type", "IAMUser");
            identity.put("principalId", "AIDAEXAMPLE" + user);
            identity.put("arn", "arn:aws:iam::" + account + ":user/user-" + user);
            identity.put("accountId", account);
            identity.put("accessKeyId", "AKIAEXAMPLE" + user);
            identity.put("userName", "user-" + user);
        }
        record.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(time));
        record.put("eventSource", call[0]);
        record.put("eventName", call[1]);
        record.put("awsRegion", region);
        record.put("sourceIPAddress", "10.0." + random.nextInt(4) + "." + random.nextInt(256));
        record.put("userAgent", "aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12");
        if (random.nextInt(20) == 0) {
            record.put("errorCode", "AccessDenied");
            record.put("errorMessage", "User is not authorized to perform: " + call[1]);
        }
        boolean data = call[2].equals("Data");
        String bucket = "bucket-" + random.nextInt(5);
        String key = "logs/" + random.nextInt(1000) + ".json";
        if (data) {
            ObjectNode parameters = record.putObject("requestParameters");
            parameters.put("bucketName", bucket);
            parameters.put("key", key);
            parameters.put("partNumber", random.nextInt(3) + 1);
        }
        else if (call[1].endsWith("User")) {
            ObjectNode parameters = record.putObject("requestParameters");
            parameters.put("userName", "target-" + random.nextInt(100));
            parameters.putObject("tags").put("team", "blue");
        }
        else {
            record.putNull("requestParameters");
        }
        record.putNull("responseElements");
        if (data) {
            ObjectNode additional = record.putObject("additionalEventData");
            additional.put("SignatureVersion", "SigV4");
            additional.put("bytesTransferredOut", random.nextInt(10_000));
        }
        record.put("requestID", new UUID(random.nextLong(), random.nextLong()).toString());
        record.put("eventID", new UUID(random.nextLong(), random.nextLong()).toString());
        record.put("readOnly", call[1].startsWith("Get") || call[1].startsWith("Describe") || call[1].startsWith("Lookup") || call[1].equals("Decrypt"));
        if (data) {
            ArrayNode resources = record.putArray("resources");
            resources.addObject().put("type", "AWS::S3::Object").put("ARN", "arn:aws:s3:::" + bucket + "/" + key);
            resources.addObject().put("accountId", account).put("type", "AWS::S3::Bucket").put("ARN", "arn:aws:s3:::" + bucket);
        }
        record.put("eventType", "AwsApiCall");
        record.put("managementEvent", !data);
        record.put("recipientAccountId", account);
        if (data) {
            record.put("sharedEventID", new UUID(random.nextLong(), random.nextLong()).toString());
        }
        record.put("eventCategory", call[2]);
        ObjectNode tls = record.putObject("tlsDetails");
        tls.put("tlsVersion", "TLSv1.3");
        tls.put("cipherSuite", "TLS_AES_128_GCM_SHA256");
        tls.put("clientProvidedHostHeader", call[0]);
        return record;
    }

    /** A non-AWS event as CloudTrail stores it after PutAuditEvents: what it adds, and the caller's {@code eventData}. */
    ObjectNode auditEvent(Instant time, int index)
    {
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("eventVersion", "2.11");
        record.put("eventCategory", "ActivityAuditLog");
        record.put("eventType", "ActivityLog");
        record.put("eventID", new UUID(random.nextLong(), random.nextLong()).toString());
        record.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(time));
        record.put("awsRegion", "us-east-1");
        record.put("recipientAccountId", "111122223333");
        ObjectNode metadata = record.putObject("metadata");
        metadata.put("ingestionTime", DateTimeFormatter.ISO_INSTANT.format(time.plusSeconds(1)));
        metadata.put("channelARN", "arn:aws:cloudtrail:us-east-1:111122223333:channel/01234567-0123-0123-0123-012345678901");
        ObjectNode eventData = record.putObject("eventData");
        eventData.put("version", "1.0");
        eventData.put("UID", "uid-" + index);
        ObjectNode identity = eventData.putObject("userIdentity");
        identity.put("type", "CustomUser");
        identity.put("principalId", "principal-" + (index % 3));
        identity.putObject("details").put("team", "red").put("level", index % 5);
        eventData.put("userAgent", "custom-app/1.0");
        eventData.put("eventSource", "app.example.com");
        eventData.put("eventName", index % 2 == 0 ? "Login" : "Logout");
        eventData.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(time));
        eventData.putObject("requestParameters").put("user", "u" + index);
        eventData.putObject("responseElements").put("ok", true);
        eventData.put("sourceIPAddress", "192.0.2." + (index % 250));
        eventData.put("recipientAccountId", "111122223333");
        eventData.putObject("additionalEventData").put("session", "s" + index);
        return record;
    }

    static byte[] bytes(JsonNode record)
    {
        try {
            return Json.mapper().writeValueAsBytes(record);
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(byte[] record)
    {
        try {
            return Json.mapper().readTree(record);
        }
        catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
