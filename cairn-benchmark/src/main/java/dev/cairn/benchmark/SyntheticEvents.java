package dev.cairn.benchmark;

import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic synthetic CloudTrail events (about 1.2 KB each): a few hundred users and keys, a skewed mix of event
 * names and sources, resources on writes, and records shaped like Cairn's own.
 */
final class SyntheticEvents
{
    static final int USERS = 500;
    private static final String[][] CALLS = {
            {"sts.amazonaws.com", "GetCallerIdentity", "true"},
            {"cloudtrail.amazonaws.com", "LookupEvents", "true"},
            {"cloudtrail.amazonaws.com", "DescribeTrails", "true"},
            {"cloudtrail.amazonaws.com", "GetTrailStatus", "true"},
            {"iam.amazonaws.com", "GetUser", "true"},
            {"iam.amazonaws.com", "ListUsers", "true"},
            {"iam.amazonaws.com", "ListAccessKeys", "true"},
            {"s3.amazonaws.com", "ListBuckets", "true"},
            {"ec2.amazonaws.com", "DescribeInstances", "true"},
            {"ec2.amazonaws.com", "RunInstances", "false"},
            {"iam.amazonaws.com", "CreateUser", "false"},
            {"iam.amazonaws.com", "CreateAccessKey", "false"},
            {"iam.amazonaws.com", "PutUserPolicy", "false"},
            {"cloudtrail.amazonaws.com", "CreateTrail", "false"},
            {"cloudtrail.amazonaws.com", "StopLogging", "false"},
            {"iam.amazonaws.com", "DeleteUser", "false"},
    };

    private final SplittableRandom random;
    private final String account;

    SyntheticEvents(long seed, String account)
    {
        this.random = new SplittableRandom(seed);
        this.account = account;
    }

    static String user(int index)
    {
        return "user-" + index;
    }

    static String accessKey(int index)
    {
        return String.format("AKIA%016d", index);
    }

    EventRecord next(String region, Instant time)
    {
        // skewed: low indexes are much more frequent, as real traffic is
        int call = (int) Math.min(CALLS.length - 1, Math.floor(Math.abs(random.nextGaussian()) * 4));
        int user = (int) Math.min(USERS - 1, Math.floor(Math.abs(random.nextGaussian()) * USERS / 3));
        String[] spec = CALLS[call];
        boolean readOnly = spec[2].equals("true");
        String eventId = dev.cairn.core.iam.IdGenerator.timeOrderedUuid(time.toEpochMilli());
        UUID requestUuid = new UUID(random.nextLong(), random.nextLong());
        String requestId = requestUuid.toString();
        // about one call in 64 is denied (taken from bits already drawn, so the rest of the data stays as it was)
        String error = (requestUuid.getLeastSignificantBits() & 63) == 0
                ? ",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User: arn:aws:iam::" + account + ":user/" + user(user) + " is not authorized to perform: "
                        + spec[0].substring(0, spec[0].indexOf('.')) + ":" + spec[1] + "\""
                : "";
        List<LookupResource> resources = readOnly ? List.of() : List.of(new LookupResource("AWS::IAM::User", "target-" + random.nextInt(10_000)));
        String json = "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA" + String.format("%017d", user)
                + "\",\"arn\":\"arn:aws:iam::" + account + ":user/" + user(user) + "\",\"accountId\":\"" + account + "\",\"accessKeyId\":\"" + accessKey(user)
                + "\",\"userName\":\"" + user(user) + "\"},\"eventTime\":\"" + DateTimeFormatter.ISO_INSTANT.format(time) + "\",\"eventSource\":\"" + spec[0]
                + "\",\"eventName\":\"" + spec[1] + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"10.0." + random.nextInt(256) + "." + random.nextInt(256)
                + "\",\"userAgent\":\"aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off command/" + spec[1].toLowerCase() + "\","
                + "\"requestParameters\":" + (readOnly ? "null" : "{\"userName\":\"target-" + random.nextInt(10_000) + "\",\"path\":\"/\"}")
                + ",\"responseElements\":null" + error + ",\"requestID\":\"" + requestId + "\",\"eventID\":\"" + eventId
                + "\",\"readOnly\":" + readOnly + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + account
                + "\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"cairn.internal:4747\"}}";
        return new EventRecord(region, account, time, eventId, spec[1], spec[0], readOnly, Optional.of(user(user)), Optional.of(accessKey(user)),
                EventCategory.MANAGEMENT, resources, json.getBytes(StandardCharsets.UTF_8));
    }
}
