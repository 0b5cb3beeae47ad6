package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * CloudTrail Data's PutAuditEvents as the AWS SDKs send it ({@code POST /PutAuditEvents?channelArn=...&externalId=...},
 * a JSON body, SigV4 for {@code cloudtrail-data}), signed with the SDK's public signer: the SDK for Java's
 * {@code cloudtraildata} client is not among the build's dependencies. The AWS CLI's calls (botocore's model) are
 * tested beside it.
 */
final class AuditEventsClient
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;

    AuditEventsClient(URI endpoint, String accessKeyId, String secretAccessKey, String region)
    {
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
    }

    /**
     * @param errorType the {@code x-amzn-ErrorType} of a failed call (the REST-JSON clients' error code), else null
     * @param body the JSON answer
     */
    record Answer(int status, String errorType, JsonNode body)
    {
        String message()
        {
            return body.path("message").asText();
        }
    }

    /** One event of a call: {@code id}, {@code eventData} and, if given, {@code eventDataChecksum}. */
    static ObjectNode event(String id, String eventData, Optional<String> checksum)
    {
        ObjectNode event = JSON.createObjectNode().put("id", id).put("eventData", eventData);
        checksum.ifPresent(value -> event.put("eventDataChecksum", value));
        return event;
    }

    /** An event's checksum as the documentation computes it: {@code printf %s $eventdata | openssl dgst -binary -sha256 | base64}. */
    static String checksum(String eventData)
    {
        try {
            return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(eventData.getBytes(StandardCharsets.UTF_8)));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The user guide's example event ({@code custom-events.json}) with this recipient. */
    static ObjectNode exampleEvent(String recipientAccountId, String eventName)
    {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0.01");
        event.put("UID", "uid-" + eventName);
        ObjectNode identity = event.putObject("userIdentity");
        identity.put("type", "CustomUserIdentity");
        identity.put("principalId", "principalId");
        identity.putObject("details").put("key", "value");
        event.put("eventTime", "2021-10-27T12:13:14Z");
        event.put("eventName", eventName);
        event.put("userAgent", "userAgent");
        event.put("eventSource", "my-application");
        event.putObject("requestParameters").put("key", "value");
        event.putObject("responseElements").put("key", "value");
        event.putObject("additionalEventData").put("key", "value");
        event.put("sourceIPAddress", "12.34.56.78");
        event.put("recipientAccountId", recipientAccountId);
        return event;
    }

    Answer put(String channelArn, Optional<String> externalId, ObjectNode... events)
    {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("auditEvents");
        for (ObjectNode event : events) {
            list.add(event);
        }
        return put(Optional.of(channelArn), externalId, body.toString());
    }

    /** A call with this body as it is (for malformed input); no {@code channelArn} when empty. */
    Answer put(Optional<String> channelArn, Optional<String> externalId, String body)
    {
        StringBuilder path = new StringBuilder("/PutAuditEvents");
        if (channelArn.isPresent()) {
            path.append("?channelArn=").append(URLEncoder.encode(channelArn.get(), StandardCharsets.UTF_8));
        }
        if (externalId.isPresent()) {
            path.append(channelArn.isPresent() ? "&" : "?").append("externalId=").append(URLEncoder.encode(externalId.get(), StandardCharsets.UTF_8));
        }
        try {
            RawRequests.Response response = RawRequests.sendRest(endpoint, path.toString(), Map.of("Content-Type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8), accessKeyId, secretAccessKey, region, "cloudtrail-data", Instant.now());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.status(), response.header("x-amzn-ErrorType"), json);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
