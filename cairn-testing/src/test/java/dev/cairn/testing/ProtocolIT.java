package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.cairn.testing.TestingCairnServer.ROOT_ACCESS_KEY_ID;
import static dev.cairn.testing.TestingCairnServer.ROOT_SECRET_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire contract for what SDK clients never send: authentication failures, unknown operations, malformed
 * bodies, and the protocol details of both JSON 1.1 and Query responses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class ProtocolIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestingCairnServer server;
    private URI endpoint;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        endpoint = server.endpoint();
    }

    @AfterAll
    public void stop()
    {
        server.close();
    }

    private RawRequests.Response cloudTrail(String operation, String body)
            throws Exception
    {
        return RawRequests.send(endpoint, RawRequests.cloudTrailHeaders(operation), body, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "cloudtrail", Instant.now());
    }

    private static void assertJsonError(RawRequests.Response response, int status, String type, String messagePart)
            throws Exception
    {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(response.header("x-amzn-RequestId")).isNotBlank();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("__type").asText()).isEqualTo(type);
        assertThat(body.get("message").asText()).contains(messagePart);
    }

    private static void assertQueryError(RawRequests.Response response, int status, String code, String messagePart)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("text/xml");
        assertThat(response.body()).contains("<Code>" + code + "</Code>").contains(messagePart).contains("<RequestId>" + response.header("x-amzn-RequestId") + "</RequestId>");
    }

    @Test
    public void bothTargetPrefixesAreAccepted()
            throws Exception
    {
        RawRequests.Response full = cloudTrail("LookupEvents", "{\"MaxResults\":1}");
        assertThat(full.status()).as(full.body()).isEqualTo(200);
        assertThat(full.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        Map<String, String> headers = RawRequests.cloudTrailHeaders("LookupEvents");
        headers.put("X-Amz-Target", "CloudTrail_20131101.LookupEvents");
        RawRequests.Response shortPrefix = RawRequests.send(endpoint, headers, "{}", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "cloudtrail", Instant.now());
        assertThat(shortPrefix.status()).as(shortPrefix.body()).isEqualTo(200);
        assertThat(JSON.readTree(shortPrefix.body()).has("Events")).isTrue();
    }

    @Test
    public void unknownOperations()
            throws Exception
    {
        assertJsonError(cloudTrail("FlyToTheMoon", "{}"), 400, "UnknownOperationException", "FlyToTheMoon");
        Map<String, String> headers = RawRequests.cloudTrailHeaders("LookupEvents");
        headers.put("X-Amz-Target", "SomethingElse_2020.LookupEvents");
        assertJsonError(RawRequests.send(endpoint, headers, "{}", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "cloudtrail", Instant.now()),
                400, "UnknownOperationException", "SomethingElse_2020");
        assertQueryError(RawRequests.send(endpoint, RawRequests.queryHeaders(), "Action=CreateVirtualMFADevice&Version=2010-05-08&VirtualMFADeviceName=d", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "iam", Instant.now()),
                400, "InvalidAction", "Could not find operation CreateVirtualMFADevice for version 2010-05-08");
    }

    @Test
    public void malformedBodies()
            throws Exception
    {
        assertJsonError(cloudTrail("LookupEvents", "{not json"), 400, "SerializationException", "not valid JSON");
        assertJsonError(cloudTrail("LookupEvents", "[1,2]"), 400, "SerializationException", "JSON object");
        assertJsonError(cloudTrail("LookupEvents", "{\"MaxResults\":\"ten\"}"), 400, "SerializationException", "maxResults");
        assertJsonError(cloudTrail("LookupEvents", "{\"LookupAttributes\":[{\"AttributeKey\":\"Username\"}]}"), 400, "InvalidLookupAttributesException",
                "Value null at 'lookupAttributes.1.member.attributeValue' failed to satisfy constraint: Member must not be null");
        // an empty body is an empty input
        assertThat(cloudTrail("LookupEvents", "").status()).isEqualTo(200);
    }

    @Test
    public void missingAndIncompleteAuthentication()
            throws Exception
    {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertJsonError(RawRequests.sendUnsigned(endpoint, RawRequests.cloudTrailHeaders("LookupEvents"), body), 400, "MissingAuthenticationTokenException", "Authentication Token");
        assertQueryError(RawRequests.sendUnsigned(endpoint, RawRequests.queryHeaders(), "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8)),
                403, "MissingAuthenticationToken", "Authentication Token");
        Map<String, String> headers = RawRequests.cloudTrailHeaders("LookupEvents");
        headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + ROOT_ACCESS_KEY_ID + "/20260101/us-east-1/cloudtrail/aws4_request");
        assertJsonError(RawRequests.sendUnsigned(endpoint, headers, body), 400, "IncompleteSignatureException", "Signature");
    }

    @Test
    public void unknownKeyBadSignatureAndExpiredRequests()
            throws Exception
    {
        assertJsonError(RawRequests.send(endpoint, RawRequests.cloudTrailHeaders("LookupEvents"), "{}", "AKIAUNKNOWNKEY000000", ROOT_SECRET_ACCESS_KEY, "us-east-1", "cloudtrail", Instant.now()),
                400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        assertQueryError(RawRequests.send(endpoint, RawRequests.queryHeaders(), "Action=GetCallerIdentity&Version=2011-06-15", "AKIAUNKNOWNKEY000000", ROOT_SECRET_ACCESS_KEY, "us-east-1", "sts", Instant.now()),
                403, "InvalidClientTokenId", "The security token included in the request is invalid.");

        assertJsonError(RawRequests.send(endpoint, RawRequests.cloudTrailHeaders("LookupEvents"), "{}", ROOT_ACCESS_KEY_ID, "wrong-secret", "us-east-1", "cloudtrail", Instant.now()),
                400, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
        assertQueryError(RawRequests.send(endpoint, RawRequests.queryHeaders(), "Action=ListUsers&Version=2010-05-08", ROOT_ACCESS_KEY_ID, "wrong-secret", "us-east-1", "iam", Instant.now()),
                403, "SignatureDoesNotMatch", "The request signature we calculated does not match");

        Instant old = Instant.now().minus(Duration.ofMinutes(16));
        assertJsonError(RawRequests.send(endpoint, RawRequests.cloudTrailHeaders("LookupEvents"), "{}", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "cloudtrail", old),
                400, "InvalidSignatureException", "Signature expired");
        assertQueryError(RawRequests.send(endpoint, RawRequests.queryHeaders(), "Action=GetCallerIdentity&Version=2011-06-15", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "sts", old),
                403, "SignatureDoesNotMatch", "Signature expired");
        Instant future = Instant.now().plus(Duration.ofMinutes(16));
        assertJsonError(RawRequests.send(endpoint, RawRequests.cloudTrailHeaders("LookupEvents"), "{}", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "cloudtrail", future),
                400, "InvalidSignatureException", "Signature not yet current");
        // within the 15-minute skew is fine
        assertThat(RawRequests.send(endpoint, RawRequests.cloudTrailHeaders("LookupEvents"), "{}", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "cloudtrail",
                Instant.now().minus(Duration.ofMinutes(14))).status()).isEqualTo(200);
    }

    @Test
    public void tamperedBodyFailsTheSignature()
            throws Exception
    {
        Map<String, String> headers = RawRequests.cloudTrailHeaders("LookupEvents");
        RawRequests.Response honest = RawRequests.send(endpoint, headers, "{\"MaxResults\":1}", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "cloudtrail", Instant.now());
        assertThat(honest.status()).isEqualTo(200);
        // re-send the signed headers with another body: the declared payload hash no longer matches
        software.amazon.awssdk.http.SdkHttpRequest.Builder request = software.amazon.awssdk.http.SdkHttpRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(endpoint.resolve("/"));
        headers.forEach(request::putHeader);
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(sign -> sign
                .identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY))
                .request(request.build())
                .payload(software.amazon.awssdk.http.ContentStreamProvider.fromUtf8String("{\"MaxResults\":1}"))
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "cloudtrail")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        Map<String, String> signedHeaders = new java.util.LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> signedHeaders.put(name, values.get(0)));
        assertJsonError(RawRequests.sendUnsigned(endpoint, signedHeaders, "{\"MaxResults\":50}".getBytes(StandardCharsets.UTF_8)), 400, "InvalidSignatureException", "x-amz-content-sha256");
        signedHeaders.remove("x-amz-content-sha256");
        assertJsonError(RawRequests.sendUnsigned(endpoint, signedHeaders, "{\"MaxResults\":50}".getBytes(StandardCharsets.UTF_8)), 400, "InvalidSignatureException", "does not match");
    }

    @Test
    public void regionsNotServedAreRejected()
            throws Exception
    {
        assertJsonError(RawRequests.send(endpoint, RawRequests.cloudTrailHeaders("LookupEvents"), "{}", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "eu-west-1", "cloudtrail", Instant.now()),
                400, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'");
        assertThat(RawRequests.send(endpoint, RawRequests.cloudTrailHeaders("LookupEvents"), "{}", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-west-2", "cloudtrail", Instant.now()).status())
                .isEqualTo(200);
        // the credential scope's service must match the protocol
        assertJsonError(RawRequests.send(endpoint, RawRequests.cloudTrailHeaders("LookupEvents"), "{}", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "iam", Instant.now()),
                400, "InvalidSignatureException", "Credential should be scoped to correct service");
    }

    @Test
    public void everyResponseHasARequestId()
            throws Exception
    {
        RawRequests.Response health = RawRequests.get(endpoint.resolve("/health"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("ready");
        assertThat(health.header("x-amzn-RequestId")).isNotBlank();
        RawRequests.Response missing = RawRequests.get(endpoint.resolve("/no-such-page"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("x-amzn-RequestId")).isNotBlank();
        RawRequests.Response ok = cloudTrail("LookupEvents", "{}");
        RawRequests.Response other = cloudTrail("LookupEvents", "{}");
        assertThat(ok.header("x-amzn-RequestId")).isNotEqualTo(other.header("x-amzn-RequestId"));
    }

    @Test
    public void queryResponsesAreXml()
            throws Exception
    {
        RawRequests.Response response = RawRequests.send(endpoint, RawRequests.queryHeaders(), "Action=GetCallerIdentity&Version=2011-06-15", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, "us-east-1", "sts", Instant.now());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/xml");
        assertThat(response.body()).contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>")
                .contains("<Arn>arn:aws:iam::" + server.accountId() + ":root</Arn>")
                .contains("<RequestId>" + response.header("x-amzn-RequestId") + "</RequestId>");
    }
}
