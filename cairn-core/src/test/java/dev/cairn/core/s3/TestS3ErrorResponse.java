package dev.cairn.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

class TestS3ErrorResponse
{
    @Test
    void rendersS3sErrorBody()
    {
        S3ErrorResponse error = S3ErrorResponse.of(new S3Exception(S3ErrorCode.ACCESS_DENIED), Optional.of("/b/k"), "4442587FB7D0A2F9", "host-id");
        assertThat(error.status()).isEqualTo(403);
        assertThat(error.toXml()).isEqualTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>AccessDenied</Code><Message>Access Denied</Message><Resource>/b/k</Resource><RequestId>4442587FB7D0A2F9</RequestId>\
                <HostId>host-id</HostId></Error>""");
    }

    @Test
    void escapes()
    {
        S3ErrorResponse error = new S3ErrorResponse(S3ErrorCode.NO_SUCH_BUCKET, "no <bucket> & \"quotes\" 'too'\u0001", Optional.of("/a&b/<k>"),
                Map.of("BucketName", "a&b"), "r<1>", "h&2");
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.toXml()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucket</Code>"
                + "<Message>no &lt;bucket&gt; &amp; &quot;quotes&quot; &apos;too&apos;\uFFFD</Message><BucketName>a&amp;b</BucketName>"
                + "<Resource>/a&amp;b/&lt;k&gt;</Resource><RequestId>r&lt;1&gt;</RequestId><HostId>h&amp;2</HostId></Error>");
    }

    @Test
    void withoutResource()
    {
        S3ErrorResponse error = S3ErrorResponse.of(new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Cairn does not implement GetBucketPolicyStatus"), Optional.empty(), "r", "h");
        assertThat(error.status()).isEqualTo(501);
        assertThat(error.toXml()).doesNotContain("<Resource>").contains("<Message>Cairn does not implement GetBucketPolicyStatus</Message>");
    }

    @Test
    void codesAndStatuses()
    {
        assertThat(status("AccessDenied")).isEqualTo(403);
        assertThat(status("NoSuchBucket")).isEqualTo(404);
        assertThat(status("NoSuchBucketPolicy")).isEqualTo(404);
        assertThat(status("MalformedPolicy")).isEqualTo(400);
        assertThat(status("InvalidArgument")).isEqualTo(400);
        assertThat(status("InvalidRequest")).isEqualTo(400);
        assertThat(status("NotImplemented")).isEqualTo(501);
        assertThat(status("SlowDown")).isEqualTo(503);
        assertThat(status("ServiceUnavailable")).isEqualTo(503);
        assertThat(status("InternalError")).isEqualTo(500);
        assertThat(status("SignatureDoesNotMatch")).isEqualTo(403);
        assertThat(status("InvalidAccessKeyId")).isEqualTo(403);
        assertThat(status("RequestTimeTooSkewed")).isEqualTo(403);
        assertThat(status("MissingSecurityHeader")).isEqualTo(400);
        assertThat(status("AuthorizationHeaderMalformed")).isEqualTo(400);
        assertThat(status("ExpiredToken")).isEqualTo(400);
        assertThat(status("InvalidToken")).isEqualTo(400);
        assertThat(status("MethodNotAllowed")).isEqualTo(405);
        assertThat(status("EntityTooLarge")).isEqualTo(400);
        assertThat(status("BucketAlreadyExists")).isEqualTo(409);
        assertThat(status("BucketAlreadyOwnedByYou")).isEqualTo(409);
        assertThat(status("InvalidBucketName")).isEqualTo(400);
        assertThat(status("MalformedXML")).isEqualTo(400);
        assertThat(status("InvalidURI")).isEqualTo(400);
        Set<String> codes = new HashSet<>();
        for (S3ErrorCode code : S3ErrorCode.values()) {
            assertThat(codes.add(code.code())).as(code.code()).isTrue();
        }
    }

    private static int status(String code)
    {
        for (S3ErrorCode errorCode : S3ErrorCode.values()) {
            if (errorCode.code().equals(code)) {
                return errorCode.status();
            }
        }
        throw new AssertionError("no code " + code);
    }
}
