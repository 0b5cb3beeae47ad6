package dev.cairn.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudTrail calls the client commands make (DescribeTrails, ListPublicKeys), in CloudTrail's JSON protocol.
 * Errors read as the AWS CLI prints them.
 */
public final class CloudTrailApi
{
    private static final String TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SignedHttp http;
    /** Organizations, a global service, for an organization trail's organization id (as the AWS CLI asks it). */
    private final SignedHttp organizations;

    public CloudTrailApi(URI endpoint, String region, AwsCredentialsIdentity credentials)
    {
        this.http = new SignedHttp(endpoint, "cloudtrail", region, credentials);
        this.organizations = new SignedHttp(endpoint, "organizations", "us-east-1", credentials);
    }

    /** A trail as DescribeTrails returns it: where its files go, and whether it is an organization trail. */
    public record TrailInfo(String arn, String bucket, Optional<String> prefix, boolean organizationTrail)
    {
    }

    /** A digest signing key: PKCS#1 DER {@code value}, valid from {@code start} to {@code end}. */
    public record PublicKeyInfo(String fingerprint, byte[] value, Instant start, Instant end)
    {
    }

    public List<TrailInfo> describeTrails()
            throws IOException
    {
        List<TrailInfo> trails = new ArrayList<>();
        for (JsonNode trail : call("DescribeTrails", JSON.createObjectNode()).path("trailList")) {
            trails.add(new TrailInfo(trail.path("TrailARN").asText(), trail.path("S3BucketName").asText(),
                    Optional.ofNullable(trail.get("S3KeyPrefix")).map(JsonNode::asText).filter(value -> !value.isEmpty()),
                    trail.path("IsOrganizationTrail").asBoolean(false)));
        }
        return trails;
    }

    /** Every key valid at some time from {@code start} to {@code end}, all pages. */
    public List<PublicKeyInfo> listPublicKeys(Instant start, Instant end)
            throws IOException
    {
        List<PublicKeyInfo> keys = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            ObjectNode request = JSON.createObjectNode();
            request.put("StartTime", start.getEpochSecond());
            request.put("EndTime", end.getEpochSecond());
            token.ifPresent(value -> request.put("NextToken", value));
            JsonNode response = call("ListPublicKeys", request);
            for (JsonNode key : response.path("PublicKeyList")) {
                keys.add(new PublicKeyInfo(key.path("Fingerprint").asText(), Base64.getDecoder().decode(key.path("Value").asText()),
                        Instant.ofEpochMilli(Math.round(key.path("ValidityStartTime").asDouble() * 1000)),
                        Instant.ofEpochMilli(Math.round(key.path("ValidityEndTime").asDouble() * 1000))));
            }
            token = Optional.ofNullable(response.get("NextToken")).map(JsonNode::asText).filter(value -> !value.isEmpty());
        }
        while (token.isPresent());
        return keys;
    }

    /** The id of the caller's organization (Organizations' DescribeOrganization). */
    public String organizationId()
            throws IOException
    {
        return call(organizations, "AWSOrganizationsV20161128.", "DescribeOrganization", JSON.createObjectNode()).path("Organization").path("Id").asText();
    }

    private JsonNode call(String operation, ObjectNode request)
            throws IOException
    {
        return call(http, TARGET, operation, request);
    }

    private static JsonNode call(SignedHttp http, String target, String operation, ObjectNode request)
            throws IOException
    {
        SignedHttp.Response response = http.send(SdkHttpMethod.POST, "/", Map.of(),
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", target + operation), JSON.writeValueAsBytes(request));
        JsonNode body;
        try {
            body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new IOException("Cairn at " + http + " answered " + operation + " with status " + response.status() + " and a body that is not JSON");
        }
        if (response.status() != 200) {
            String type = body.path("__type").asText("HTTP " + response.status());
            String message = body.has("message") ? body.path("message").asText() : body.path("Message").asText();
            throw new IOException("An error occurred (" + type.substring(type.indexOf('#') + 1) + ") when calling the " + operation + " operation: " + message);
        }
        return body;
    }
}
