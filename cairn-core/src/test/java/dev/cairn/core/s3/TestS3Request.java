package dev.cairn.core.s3;

import static dev.cairn.core.s3.S3Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

class TestS3Request
{
    private static final Optional<String> DOMAIN = Optional.of("s3.cairn.local");

    @Test
    void pathStyle()
    {
        S3Request request = request("GET /photos/2024/cat.jpg", Map.of("Host", "localhost:9000"));
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.bucket()).contains("photos");
        assertThat(request.key()).contains("2024/cat.jpg");
        assertThat(request.target()).isEqualTo(S3Operation.Target.OBJECT);
        assertThat(request.resourceArn()).isEqualTo("arn:aws:s3:::photos/2024/cat.jpg");
        assertThat(request.host()).contains("localhost:9000");

        assertThat(request("GET /photos", Map.of()).key()).isEmpty();
        assertThat(request("GET /photos/", Map.of()).key()).isEmpty();
        assertThat(request("GET /photos/", Map.of()).target()).isEqualTo(S3Operation.Target.BUCKET);
        assertThat(request("GET /", Map.of()).bucket()).isEmpty();
        assertThat(request("GET /", Map.of()).target()).isEqualTo(S3Operation.Target.SERVICE);
        assertThat(request("get /", Map.of()).method()).isEqualTo("GET");
    }

    @Test
    void decodesKeys()
    {
        assertThat(key("/b/my%20file.txt")).isEqualTo("my file.txt");
        assertThat(key("/b/a+b.txt")).isEqualTo("a+b.txt");
        assertThat(key("/b/a%2Bb.txt")).isEqualTo("a+b.txt");
        assertThat(key("/b/dir/sub%2Fdir/x")).isEqualTo("dir/sub/dir/x");
        assertThat(key("/b/caf%C3%A9/%E6%97%A5%E6%9C%AC.txt")).isEqualTo("café/日本.txt");
        assertThat(key("/b/%F0%9F%98%80")).isEqualTo("\uD83D\uDE00");
        assertThat(key("/b/a//b/")).isEqualTo("a//b/");
        assertThat(key("/b/100%25")).isEqualTo("100%");
        assertThat(key("/b/%3F%23%26")).isEqualTo("?#&");
        // a server that hands over an undecoded path with raw UTF-8
        assertThat(key("/b/日本 x")).isEqualTo("日本 x");
    }

    @Test
    void rejectsPathsThatDoNotDecode()
    {
        for (String path : List.of("/b/%", "/b/%2", "/b/%zz", "/b/%C3", "/b/%FF", "//key")) {
            assertThatThrownBy(() -> request("GET " + path, Map.of())).as(path)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_URI));
        }
    }

    @Test
    void virtualHostedStyle()
    {
        S3Request request = request("GET /2024/my%20cat.jpg", Map.of("Host", "photos.s3.cairn.local"), DOMAIN);
        assertThat(request.bucket()).contains("photos");
        assertThat(request.key()).contains("2024/my cat.jpg");

        S3Request withPort = request("PUT /a/b", Map.of("Host", "photos.s3.cairn.local:9000"), DOMAIN);
        assertThat(withPort.bucket()).contains("photos");
        assertThat(withPort.key()).contains("a/b");

        S3Request dotted = request("GET /", Map.of("Host", "my.dotted.bucket.S3.Cairn.Local:443"), DOMAIN);
        assertThat(dotted.bucket()).contains("my.dotted.bucket");
        assertThat(dotted.key()).isEmpty();
        assertThat(dotted.target()).isEqualTo(S3Operation.Target.BUCKET);

        // a key starting with the bucket's name is a key
        assertThat(request("GET /photos/x", Map.of("Host", "photos.s3.cairn.local"), DOMAIN).key()).contains("photos/x");
    }

    @Test
    void otherHostsArePathStyle()
    {
        for (String host : List.of("s3.cairn.local", "s3.cairn.local:9000", "localhost:9000", "127.0.0.1:9000", "[::1]:9000", "xs3.cairn.local", "photos.s3.cairn.local.example")) {
            S3Request request = request("GET /bucket/key", Map.of("Host", host), DOMAIN);
            assertThat(request.bucket()).as(host).contains("bucket");
            assertThat(request.key()).as(host).contains("key");
        }
        assertThat(request("GET /", Map.of("Host", "s3.cairn.local"), DOMAIN).target()).isEqualTo(S3Operation.Target.SERVICE);
        // without a domain, every request is path-style
        assertThat(request("GET /bucket/key", Map.of("Host", "photos.s3.cairn.local")).bucket()).contains("bucket");
        // without a Host
        assertThat(request("GET /bucket/key", Map.of(), DOMAIN).bucket()).contains("bucket");
    }

    @Test
    void keepsOnlyTheHeadersItUses()
    {
        S3Request request = request("PUT /b/k", Map.of("Host", "h", "X-Amz-Acl", "private", "Content-Type", "text/plain",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab"), Optional.empty());
        assertThat(request.headers()).containsOnlyKeys("host", "x-amz-acl");
        assertThat(request.header("x-amz-acl")).contains("private");
        assertThat(request.authentication()).contains(S3Authentication.SIGV4_HEADER);
    }

    @Test
    void authentication()
    {
        assertThat(request("GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab", Map.of()).authentication()).contains(S3Authentication.SIGV4_QUERY_STRING);
        assertThat(request("GET /b/k", Map.of("Authorization", "AWS AKIA:c2ln")).authentication()).contains(S3Authentication.SIGV2_HEADER);
        assertThat(request("GET /b/k?AWSAccessKeyId=AKIA&Signature=x&Expires=1", Map.of()).authentication()).contains(S3Authentication.SIGV2_QUERY_STRING);
        assertThat(request("GET /b/k", Map.of()).authentication()).isEmpty();
    }

    @Test
    void queryParameters()
    {
        S3Request request = request("GET /b?list-type=2&prefix=&delimiter=%2F&acl", Map.of());
        assertThat(request.query().keySet()).containsExactly("list-type", "prefix", "delimiter", "acl");
        assertThat(request.queryParameter("prefix")).contains("");
        assertThat(request.queryParameter("delimiter")).contains("/");
        assertThat(request.queryParameter("acl")).contains("");
        assertThat(request.queryParameter("marker")).isEmpty();
        assertThat(request.hasQueryParameter("acl")).isTrue();
    }

    private static String key(String path)
    {
        return request("GET " + path, Map.of()).key().orElseThrow();
    }
}
