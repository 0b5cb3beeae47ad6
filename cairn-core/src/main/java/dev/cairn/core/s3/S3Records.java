package dev.cairn.core.s3;

import dev.cairn.core.recorder.RecordResource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The members of the CloudTrail record AWS writes for an S3 call ({@code eventSource} {@code s3.amazonaws.com}):
 * {@code requestParameters}, {@code responseElements}, {@code additionalEventData} and {@code resources}.
 *
 * <p>As AWS's records show: the examples of "CloudTrail log file entries for Amazon S3"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html), the note of
 * "Amazon S3 CloudTrail events" that DeleteObjects' key names are not logged
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html), and published records S3
 * wrote for the AWS CLI ({@code s3 ls}, {@code s3 cp}), the SDKs ({@code CopyObject}, {@code DeleteObjects}) and
 * CloudTrail's own log deliveries ({@code PutObject}):
 * <ul>
 *     <li>{@code requestParameters}: {@code bucketName}, {@code Host} (the Host header as sent), every query parameter
 *     as a string ({@code "list-type": "2"}, {@code "acl": ""}, {@code "x-id": "CopyObject"}, a presigned URL's
 *     {@code X-Amz-Date} and {@code X-Amz-Expires}, but not its credential, signature or token), the request headers of
 *     {@link #RECORDED_HEADERS} ({@code x-amz-acl}, {@code x-amz-server-side-encryption}, {@code x-amz-copy-source}
 *     (decoded, without a leading slash), ...), the XML body of configuration calls under its root element's name
 *     ({@code CreateBucketConfiguration}, {@code VersioningConfiguration}, {@code AccessControlPolicy}, ...), a bucket
 *     policy as {@code bucketPolicy}, and the {@code key}. {@code DeleteObjects}' keys are not recorded.</li>
 *     <li>{@code responseElements}: null, but for calls that write an object's data: the response's encryption and
 *     version headers ({@code "x-amz-server-side-encryption": "AES256"}, {@code x-amz-version-id}).</li>
 *     <li>{@code additionalEventData}: {@code SignatureVersion}, {@code CipherSuite}, {@code bytesTransferredIn},
 *     {@code SSEApplied} (for object writes: {@code SSE_S3}, {@code Default_SSE_S3}, {@code SSE_KMS},
 *     {@code Default_SSE_KMS}, {@code SSE_C}), {@code AuthenticationMethod}, {@code x-amz-id-2},
 *     {@code bytesTransferredOut}, in that order.</li>
 *     <li>{@code resources}: for object calls the object (without account) then the bucket with its owner's account;
 *     for listings, {@code HeadBucket} and {@code DeleteObjects} the objects under the prefix ({@code ARNPrefix}) then
 *     the bucket; for other bucket calls the bucket; none for {@code ListBuckets} and {@code CreateBucket}.</li>
 * </ul>
 */
public final class S3Records
{
    /** The request headers {@code requestParameters} carry, by lower-case name, with the name AWS writes. */
    public static final Map<String, String> RECORDED_HEADERS = recordedHeaders();

    /** Query parameters of presigned URLs that would disclose credentials; the others are recorded. */
    private static final Set<String> SECRET_PARAMETERS = Set.of("x-amz-credential", "x-amz-signature", "x-amz-security-token", "signature", "awsaccesskeyid");

    private S3Records() {}

    /**
     * @param body the request body, for operations whose body the record carries ({@link S3Operation#requestBody}); a
     *         body that does not parse is left out
     */
    public static ObjectNode requestParameters(S3Operation operation, S3Request request, Optional<byte[]> body)
    {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        request.bucket().ifPresent(bucket -> parameters.put("bucketName", bucket));
        request.host().ifPresent(host -> parameters.put("Host", host));
        request.query().forEach((name, values) -> {
            if (!SECRET_PARAMETERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                parameters.put(name, values.get(0));
            }
        });
        RECORDED_HEADERS.forEach((header, recordName) -> request.header(header).ifPresent(value -> parameters.put(recordName, recordedHeaderValue(header, value))));
        if (body.isPresent()) {
            switch (operation.requestBody()) {
                case XML_BODY -> S3Xml.toJson(body.get()).ifPresent(parameters::setAll);
                case POLICY_BODY -> policy(body.get()).ifPresent(policy -> parameters.set("bucketPolicy", policy));
                case NO_BODY -> {}
            }
        }
        request.key().ifPresent(key -> parameters.put("key", key));
        return parameters;
    }

    /** The record's {@code responseElements}: empty (null) but for successful calls that write an object's data and had such headers. */
    public static Optional<ObjectNode> responseElements(S3Operation operation, S3Exchange exchange)
    {
        if (!operation.writesObjectData() || !exchange.succeeded() || exchange.headers().isEmpty()) {
            return Optional.empty();
        }
        ObjectNode elements = JsonNodeFactory.instance.objectNode();
        exchange.headers().forEach((name, value) -> elements.put(recordName(name), value));
        return Optional.of(elements);
    }

    public static ObjectNode additionalEventData(S3Operation operation, S3Request request, S3Exchange exchange)
    {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        request.authentication().ifPresent(authentication -> data.put("SignatureVersion", authentication.signatureVersion()));
        exchange.cipherSuite().ifPresent(suite -> data.put("CipherSuite", suite));
        data.put("bytesTransferredIn", exchange.bytesTransferredIn());
        if (operation.writesObjectData() && exchange.succeeded()) {
            sseApplied(request, exchange).ifPresent(applied -> data.put("SSEApplied", applied));
        }
        request.authentication().ifPresent(authentication -> data.put("AuthenticationMethod", authentication.authenticationMethod()));
        exchange.amzId2().ifPresent(id -> data.put("x-amz-id-2", id));
        data.put("bytesTransferredOut", exchange.bytesTransferredOut());
        return data;
    }

    /**
     * @param bucketOwnerAccountId the account owning the bucket, written on the bucket's entry; empty when unknown
     */
    public static List<RecordResource> resources(S3Operation operation, S3Request request, Optional<String> bucketOwnerAccountId)
    {
        if (request.bucket().isEmpty() || operation == S3Operation.CREATE_BUCKET) {
            return List.of();
        }
        String bucket = request.bucket().get();
        RecordResource bucketResource = new RecordResource(bucketOwnerAccountId, RecordResource.S3_BUCKET, S3Request.bucketArn(bucket), false);
        if (request.key().isPresent()) {
            return List.of(RecordResource.s3Object(bucket, request.key().get()), bucketResource);
        }
        if (operation.isDataEvent()) {
            return List.of(RecordResource.s3ObjectPrefix(bucket, request.queryParameter("prefix").orElse("")), bucketResource);
        }
        return List.of(bucketResource);
    }

    /** SSE-S3 or SSE-KMS as the request asked, or as the bucket's default applied; SSE-C. */
    private static Optional<String> sseApplied(S3Request request, S3Exchange exchange)
    {
        if (exchange.header("x-amz-server-side-encryption-customer-algorithm").isPresent()) {
            return Optional.of("SSE_C");
        }
        Optional<String> encryption = exchange.header("x-amz-server-side-encryption");
        if (encryption.isEmpty()) {
            return Optional.empty();
        }
        String kind = encryption.get().startsWith("aws:kms") ? "SSE_KMS" : "SSE_S3";
        return Optional.of(request.header("x-amz-server-side-encryption").isPresent() ? kind : "Default_" + kind);
    }

    private static String recordedHeaderValue(String header, String value)
    {
        if (header.equals("x-amz-copy-source")) {
            try {
                return S3CopySource.parse(value).text();
            }
            catch (S3Exception e) {
                return value;
            }
        }
        return value;
    }

    private static Optional<JsonNode> policy(byte[] body)
    {
        try {
            JsonNode policy = Json.mapper().readTree(new String(body, StandardCharsets.UTF_8));
            return policy != null && policy.isObject() ? Optional.of(policy) : Optional.empty();
        }
        catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The header's name as AWS writes it: lower case, but for {@code -MD5}. */
    private static String recordName(String lowercaseName)
    {
        return lowercaseName.endsWith("-md5") ? lowercaseName.substring(0, lowercaseName.length() - "md5".length()) + "MD5" : lowercaseName;
    }

    private static Map<String, String> recordedHeaders()
    {
        List<String> names = List.of(
                "x-amz-acl",
                "x-amz-grant-read",
                "x-amz-grant-write",
                "x-amz-grant-read-acp",
                "x-amz-grant-write-acp",
                "x-amz-grant-full-control",
                "x-amz-server-side-encryption",
                "x-amz-server-side-encryption-aws-kms-key-id",
                "x-amz-server-side-encryption-context",
                "x-amz-server-side-encryption-bucket-key-enabled",
                "x-amz-server-side-encryption-customer-algorithm",
                "x-amz-server-side-encryption-customer-key-md5",
                "x-amz-storage-class",
                "x-amz-copy-source",
                "x-amz-copy-source-range",
                "x-amz-metadata-directive",
                "x-amz-tagging-directive",
                "x-amz-website-redirect-location",
                "x-amz-object-lock-mode",
                "x-amz-object-lock-retain-until-date",
                "x-amz-object-lock-legal-hold",
                "x-amz-bucket-object-lock-enabled",
                "x-amz-object-ownership");
        Map<String, String> headers = new LinkedHashMap<>();
        names.forEach(name -> headers.put(name, recordName(name)));
        return Collections.unmodifiableMap(headers);
    }
}
