package dev.cairn.core.s3;

import dev.cairn.core.recorder.RecordResource;

import static dev.cairn.core.s3.S3Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records' members, against AWS's records of the same calls (see {@link S3Records}).
 */
class TestS3Records
{
    private static final String OWNER = "123456789012";
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab";
    private static final String HOST = "b.s3.cairn.local";
    private static final Optional<String> CIPHER = Optional.of("ECDHE-RSA-AES128-GCM-SHA256");

    @Test
    void getObject()
    {
        S3Request request = request("GET /password-backup.txt", Map.of("Host", HOST, "Authorization", SIGNED), Optional.of("s3.cairn.local"));
        S3Operation operation = S3Operation.classify(request).orElseThrow();
        S3Exchange exchange = S3Exchange.of(200, Map.of("x-amz-server-side-encryption", "AES256")::get, 0, 91, Optional.of("id2"), CIPHER);

        assertThat(S3Records.requestParameters(operation, request, Optional.empty()).toString())
                .isEqualTo("{\"bucketName\":\"b\",\"Host\":\"b.s3.cairn.local\",\"key\":\"password-backup.txt\"}");
        assertThat(S3Records.responseElements(operation, exchange)).isEmpty();
        assertThat(S3Records.additionalEventData(operation, request, exchange).toString())
                .isEqualTo("{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"AuthHeader\","
                        + "\"x-amz-id-2\":\"id2\",\"bytesTransferredOut\":91}");
        assertThat(resources(operation, request)).isEqualTo("[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::b/password-backup.txt\"},"
                + "{\"accountId\":\"123456789012\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::b\"}]");
    }

    @Test
    void presignedGetObject()
    {
        S3Request request = request("GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Security-Token=token&X-Amz-Signature=ab"
                + "&response-content-disposition=attachment", Map.of("Host", "localhost:9000"));
        S3Operation operation = S3Operation.classify(request).orElseThrow();
        // the credential, token and signature are not recorded
        assertThat(S3Records.requestParameters(operation, request, Optional.empty()).toString())
                .isEqualTo("{\"bucketName\":\"b\",\"Host\":\"localhost:9000\",\"X-Amz-Algorithm\":\"AWS4-HMAC-SHA256\",\"X-Amz-Date\":\"20240101T000000Z\","
                        + "\"X-Amz-Expires\":\"300\",\"X-Amz-SignedHeaders\":\"host\",\"response-content-disposition\":\"attachment\",\"key\":\"k\"}");
        assertThat(S3Records.additionalEventData(operation, request, S3Exchange.of(200, name -> null, 0, 10, Optional.empty(), Optional.empty())).toString())
                .isEqualTo("{\"SignatureVersion\":\"SigV4\",\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"QueryString\",\"bytesTransferredOut\":10}");
    }

    @Test
    void putObject()
    {
        S3Request request = request("PUT /b/AWSLogs/a%20b.json.gz", Map.of("Host", HOST, "Authorization", SIGNED, "x-amz-acl", "bucket-owner-full-control",
                "x-amz-server-side-encryption", "AES256", "Content-Type", "application/json",
                "x-amz-server-side-encryption-customer-key", "secret"));
        S3Operation operation = S3Operation.classify(request).orElseThrow();
        S3Exchange exchange = S3Exchange.of(200, Map.of("x-amz-server-side-encryption", "AES256", "x-amz-version-id", "v1", "etag", "\"e\"")::get, 1155, 0,
                Optional.of("id2"), CIPHER);

        assertThat(S3Records.requestParameters(operation, request, Optional.empty()).toString())
                .isEqualTo("{\"bucketName\":\"b\",\"Host\":\"b.s3.cairn.local\",\"x-amz-acl\":\"bucket-owner-full-control\",\"x-amz-server-side-encryption\":\"AES256\","
                        + "\"key\":\"AWSLogs/a b.json.gz\"}");
        assertThat(S3Records.responseElements(operation, exchange).orElseThrow().toString())
                .isEqualTo("{\"x-amz-server-side-encryption\":\"AES256\",\"x-amz-version-id\":\"v1\"}");
        assertThat(S3Records.additionalEventData(operation, request, exchange).toString())
                .isEqualTo("{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"bytesTransferredIn\":1155,\"SSEApplied\":\"SSE_S3\","
                        + "\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"id2\",\"bytesTransferredOut\":0}");
        assertThat(resources(operation, request)).isEqualTo("[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::b/AWSLogs/a b.json.gz\"},"
                + "{\"accountId\":\"123456789012\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::b\"}]");
    }

    @Test
    void encryptionApplied()
    {
        S3Request plain = request("PUT /b/k", Map.of());
        assertThat(sseApplied(plain, Map.of("x-amz-server-side-encryption", "AES256"))).contains("Default_SSE_S3");
        assertThat(sseApplied(plain, Map.of("x-amz-server-side-encryption", "aws:kms"))).contains("Default_SSE_KMS");
        assertThat(sseApplied(request("PUT /b/k", Map.of("x-amz-server-side-encryption", "aws:kms")), Map.of("x-amz-server-side-encryption", "aws:kms"))).contains("SSE_KMS");
        assertThat(sseApplied(plain, Map.of("x-amz-server-side-encryption-customer-algorithm", "AES256"))).contains("SSE_C");
        assertThat(sseApplied(plain, Map.of())).isEmpty();
        // not for failed writes
        S3Exchange denied = S3Exchange.of(403, Map.of("x-amz-server-side-encryption", "AES256")::get, 0, 243, Optional.empty(), Optional.empty());
        assertThat(S3Records.additionalEventData(S3Operation.PUT_OBJECT, plain, denied).has("SSEApplied")).isFalse();
        assertThat(S3Records.responseElements(S3Operation.PUT_OBJECT, denied)).isEmpty();
    }

    @Test
    void copyObject()
    {
        S3Request request = request("PUT /target/copy.txt?x-id=CopyObject", Map.of("Host", HOST, "x-amz-copy-source", "source/my%20file.txt",
                "x-amz-server-side-encryption-customer-algorithm", "AES256", "x-amz-server-side-encryption-customer-key-MD5", "md5"));
        S3Operation operation = S3Operation.classify(request).orElseThrow();
        assertThat(S3Records.requestParameters(operation, request, Optional.empty()).toString())
                .isEqualTo("{\"bucketName\":\"target\",\"Host\":\"b.s3.cairn.local\",\"x-id\":\"CopyObject\",\"x-amz-server-side-encryption-customer-algorithm\":\"AES256\","
                        + "\"x-amz-server-side-encryption-customer-key-MD5\":\"md5\",\"x-amz-copy-source\":\"source/my file.txt\",\"key\":\"copy.txt\"}");
        S3Exchange exchange = S3Exchange.of(200, Map.of("x-amz-server-side-encryption-customer-algorithm", "AES256")::get, 0, 234, Optional.empty(), Optional.empty());
        assertThat(S3Records.responseElements(operation, exchange).orElseThrow().toString()).isEqualTo("{\"x-amz-server-side-encryption-customer-algorithm\":\"AES256\"}");
    }

    @Test
    void listObjectsV2()
    {
        // the AWS CLI's "aws s3 ls s3://b/": recorded as ListObjects with list-type 2
        S3Request request = request("GET /?list-type=2&prefix=&delimiter=%2F&encoding-type=url", Map.of("Host", HOST, "Authorization", SIGNED),
                Optional.of("s3.cairn.local"));
        S3Operation operation = S3Operation.classify(request).orElseThrow();
        assertThat(operation.eventName()).isEqualTo("ListObjects");
        assertThat(S3Records.requestParameters(operation, request, Optional.empty()).toString())
                .isEqualTo("{\"bucketName\":\"b\",\"Host\":\"b.s3.cairn.local\",\"list-type\":\"2\",\"prefix\":\"\",\"delimiter\":\"/\",\"encoding-type\":\"url\"}");
        S3Exchange exchange = S3Exchange.of(200, name -> null, 0, 523, Optional.of("id2"), CIPHER);
        assertThat(S3Records.responseElements(operation, exchange)).isEmpty();
        assertThat(S3Records.additionalEventData(operation, request, exchange).toString())
                .isEqualTo("{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"AuthHeader\","
                        + "\"x-amz-id-2\":\"id2\",\"bytesTransferredOut\":523}");
        assertThat(resources(operation, request)).isEqualTo("[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::b/\"},"
                + "{\"accountId\":\"123456789012\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::b\"}]");
        assertThat(resources(operation, request("GET /b?list-type=2&prefix=logs%2F2024", Map.of())))
                .startsWith("[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::b/logs/2024\"}");
    }

    @Test
    void createBucket()
    {
        byte[] body = """
                <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                   <LocationConstraint>eu-west-1</LocationConstraint>
                </CreateBucketConfiguration>
                """.getBytes(StandardCharsets.UTF_8);
        S3Request request = request("PUT /new-bucket", Map.of("Host", "localhost:9000", "x-amz-acl", "private", "Authorization", SIGNED));
        S3Operation operation = S3Operation.classify(request).orElseThrow();
        assertThat(S3Records.requestParameters(operation, request, Optional.of(body)).toString())
                .isEqualTo("{\"bucketName\":\"new-bucket\",\"Host\":\"localhost:9000\",\"x-amz-acl\":\"private\","
                        + "\"CreateBucketConfiguration\":{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\",\"LocationConstraint\":\"eu-west-1\"}}");
        // without a body (us-east-1), and with one that is not XML
        assertThat(S3Records.requestParameters(operation, request, Optional.empty()).toString())
                .isEqualTo("{\"bucketName\":\"new-bucket\",\"Host\":\"localhost:9000\",\"x-amz-acl\":\"private\"}");
        assertThat(S3Records.requestParameters(operation, request, Optional.of("not xml".getBytes(StandardCharsets.UTF_8))).has("CreateBucketConfiguration")).isFalse();
        assertThat(S3Records.responseElements(operation, S3Exchange.of(200, name -> null, 150, 0, Optional.empty(), Optional.empty()))).isEmpty();
        assertThat(S3Records.resources(operation, request, Optional.of(OWNER))).isEmpty();
        assertThat(operation.isDataEvent()).isFalse();
    }

    @Test
    void deleteObjects()
    {
        byte[] body = "<Delete><Object><Key>secret-name.txt</Key></Object></Delete>".getBytes(StandardCharsets.UTF_8);
        S3Request request = request("POST /target-bucket?delete&x-id=DeleteObjects", Map.of("Host", "target-bucket.s3.us-east-1.amazonaws.com"));
        S3Operation operation = S3Operation.classify(request).orElseThrow();
        // the keys deleted are not recorded
        assertThat(S3Records.requestParameters(operation, request, Optional.of(body)).toString())
                .isEqualTo("{\"bucketName\":\"target-bucket\",\"Host\":\"target-bucket.s3.us-east-1.amazonaws.com\",\"delete\":\"\",\"x-id\":\"DeleteObjects\"}");
        assertThat(S3Records.responseElements(operation, S3Exchange.of(200, name -> null, 60, 100, Optional.empty(), Optional.empty()))).isEmpty();
        assertThat(resources(operation, request)).isEqualTo("[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::target-bucket/\"},"
                + "{\"accountId\":\"123456789012\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::target-bucket\"}]");
        assertThat(operation.isDataEvent()).isTrue();
        assertThat(operation.readOnly()).isFalse();
    }

    @Test
    void bucketCalls()
    {
        S3Request versioning = request("PUT /b?versioning", Map.of("Host", HOST));
        byte[] body = "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(S3Records.requestParameters(S3Operation.PUT_BUCKET_VERSIONING, versioning, Optional.of(body)).toString())
                .isEqualTo("{\"bucketName\":\"b\",\"Host\":\"b.s3.cairn.local\",\"versioning\":\"\","
                        + "\"VersioningConfiguration\":{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\",\"Status\":\"Enabled\"}}");
        assertThat(resources(S3Operation.PUT_BUCKET_VERSIONING, versioning)).isEqualTo("[{\"accountId\":\"123456789012\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::b\"}]");

        S3Request policy = request("PUT /b?policy", Map.of("Host", HOST));
        byte[] document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(S3Records.requestParameters(S3Operation.PUT_BUCKET_POLICY, policy, Optional.of(document)).toString())
                .isEqualTo("{\"bucketName\":\"b\",\"Host\":\"b.s3.cairn.local\",\"policy\":\"\",\"bucketPolicy\":"
                        + "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}}");

        S3Request listBuckets = request("GET /", Map.of("Host", "s3.cairn.local"));
        assertThat(S3Records.requestParameters(S3Operation.LIST_BUCKETS, listBuckets, Optional.empty()).toString()).isEqualTo("{\"Host\":\"s3.cairn.local\"}");
        assertThat(S3Records.resources(S3Operation.LIST_BUCKETS, listBuckets, Optional.of(OWNER))).isEmpty();

        // a bucket whose owner is unknown
        assertThat(json(S3Records.resources(S3Operation.PUT_BUCKET_VERSIONING, request("PUT /b?versioning", Map.of()), Optional.empty())))
                .isEqualTo("[{\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::b\"}]");
    }

    @Test
    void xmlBodiesAsJson()
    {
        byte[] acl = """
                <AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Owner><ID>owner</ID></Owner>
                  <AccessControlList>
                    <Grant>
                      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>owner</ID></Grantee>
                      <Permission>FULL_CONTROL</Permission>
                    </Grant>
                    <Grant>
                      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>
                      <Permission>READ</Permission>
                    </Grant>
                  </AccessControlList>
                </AccessControlPolicy>
                """.getBytes(StandardCharsets.UTF_8);
        assertThat(S3Xml.toJson(acl).orElseThrow().toString()).isEqualTo("{\"AccessControlPolicy\":{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\","
                + "\"Owner\":{\"ID\":\"owner\"},\"AccessControlList\":{\"Grant\":["
                + "{\"Grantee\":{\"xmlns:xsi\":\"http://www.w3.org/2001/XMLSchema-instance\",\"xsi:type\":\"CanonicalUser\",\"ID\":\"owner\"},\"Permission\":\"FULL_CONTROL\"},"
                + "{\"Grantee\":{\"xmlns:xsi\":\"http://www.w3.org/2001/XMLSchema-instance\",\"xsi:type\":\"Group\",\"URI\":\"http://acs.amazonaws.com/groups/global/AllUsers\"},"
                + "\"Permission\":\"READ\"}]}}}");
        assertThat(S3Xml.toJson("<BucketLoggingStatus xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\" />".getBytes(StandardCharsets.UTF_8)).orElseThrow().toString())
                .isEqualTo("{\"BucketLoggingStatus\":{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\"}}");
        assertThat(S3Xml.toJson("<Tagging><TagSet><Tag><Key> spaced </Key><Value>a&amp;b</Value></Tag></TagSet></Tagging>".getBytes(StandardCharsets.UTF_8))
                .orElseThrow().toString()).isEqualTo("{\"Tagging\":{\"TagSet\":{\"Tag\":{\"Key\":\" spaced \",\"Value\":\"a&b\"}}}}");
        assertThat(S3Xml.toJson("<a><b>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(S3Xml.toJson(new byte[0])).isEmpty();
        // no DTDs, no entities
        assertThat(S3Xml.toJson("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(S3Xml.toJson(("<a>".repeat(40) + "</a>".repeat(40)).getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void deleteObjectsBodies()
    {
        assertThat(S3Xml.deleteObjects("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a b/c+d</Key><VersionId>3</VersionId></Object><Quiet>true</Quiet></Delete>
                """.getBytes(StandardCharsets.UTF_8))).containsExactly(new S3ObjectIdentifier("a b/c+d", Optional.of("3")));
        StringBuilder tooMany = new StringBuilder("<Delete>");
        for (int i = 0; i <= S3Xml.MAXIMUM_DELETE_OBJECTS; i++) {
            tooMany.append("<Object><Key>k").append(i).append("</Key></Object>");
        }
        for (String body : List.of("<Delete></Delete>", "<Delete><Object><VersionId>1</VersionId></Object></Delete>", "<Other><Object><Key>k</Key></Object></Other>",
                "not xml", "<Delete><Object><Key><X>k</X></Key></Object></Delete>", tooMany.append("</Delete>").toString())) {
            assertThatThrownBy(() -> S3Xml.deleteObjects(body.getBytes(StandardCharsets.UTF_8))).as(body)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.MALFORMED_XML));
        }
    }

    private static Optional<String> sseApplied(S3Request request, Map<String, String> responseHeaders)
    {
        S3Exchange exchange = S3Exchange.of(200, responseHeaders::get, 10, 0, Optional.empty(), Optional.empty());
        return Optional.ofNullable(S3Records.additionalEventData(S3Operation.PUT_OBJECT, request, exchange).get("SSEApplied")).map(node -> node.asText());
    }

    private static String resources(S3Operation operation, S3Request request)
    {
        return json(S3Records.resources(operation, request, Optional.of(OWNER)));
    }

    /** Resources as the record writes them. */
    private static String json(List<RecordResource> resources)
    {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (RecordResource resource : resources) {
            ObjectNode node = array.addObject();
            resource.accountId().ifPresent(value -> node.put("accountId", value));
            node.put("type", resource.type());
            node.put(resource.arnPrefix() ? "ARNPrefix" : "ARN", resource.arn());
        }
        return array.toString();
    }
}
