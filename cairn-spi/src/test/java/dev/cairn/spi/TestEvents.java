package dev.cairn.spi;

import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Synthetic events for store tests.
 */
public final class TestEvents
{
    private TestEvents() {}

    public static EventRecord event(String accountId, String region, Instant time, String eventName, String username)
    {
        return event(accountId, region, time, eventName, username, List.of());
    }

    public static EventRecord event(String accountId, String region, Instant time, String eventName, String username, List<LookupResource> resources)
    {
        return event(accountId, region, time, eventName, username, resources, "");
    }

    /** A failed call: the record has {@code errorCode}, and a request member of that name that is not it. */
    public static EventRecord failed(String accountId, String region, Instant time, String eventName, String username, String errorCode)
    {
        return event(accountId, region, time, eventName, username, List.of(),
                ",\"requestParameters\":{\"errorCode\":\"NotTheError\",\"list\":[{\"errorCode\":\"NorThis\"}]},\"errorCode\":\"" + errorCode + "\",\"errorMessage\":\"denied \\\"x\\\"\"");
    }

    /** A data event: an S3 object call on {@code bucket/key}, of category {@code DATA}, its record saying so. */
    public static EventRecord dataEvent(String accountId, String region, Instant time, String eventName, String username, String bucket, String key)
    {
        String eventId = UUID.randomUUID().toString();
        String json = "{\"eventVersion\":\"1.11\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + eventName + "\",\"awsRegion\":\"" + region
                + "\",\"eventID\":\"" + eventId + "\",\"readOnly\":" + eventName.startsWith("Get") + ",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::"
                + bucket + "/" + key + "\"},{\"accountId\":\"" + accountId + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::" + bucket
                + "\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"recipientAccountId\":\"" + accountId + "\",\"eventCategory\":\"Data\"}";
        return new EventRecord(region, accountId, time, eventId, eventName, "s3.amazonaws.com", eventName.startsWith("Get"), Optional.of(username),
                Optional.of("AKIA" + username.toUpperCase()), EventCategory.DATA, List.of(new LookupResource("AWS::S3::Object", key)), json.getBytes(StandardCharsets.UTF_8));
    }

    private static EventRecord event(String accountId, String region, Instant time, String eventName, String username, List<LookupResource> resources, String moreFields)
    {
        String eventId = UUID.randomUUID().toString();
        String json = "{\"eventVersion\":\"1.11\",\"eventName\":\"" + eventName + "\",\"eventID\":\"" + eventId + "\",\"awsRegion\":\"" + region + "\"" + moreFields + "}";
        return new EventRecord(region, accountId, time, eventId, eventName, eventName.startsWith("Get") ? "sts.amazonaws.com" : "iam.amazonaws.com",
                eventName.startsWith("Get") || eventName.startsWith("List"), Optional.of(username), Optional.of("AKIA" + username.toUpperCase()),
                EventCategory.MANAGEMENT, resources, json.getBytes(StandardCharsets.UTF_8));
    }
}
