package dev.cairn.core.s3;

import static dev.cairn.core.s3.S3Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.Decision;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.iam.policy.PolicyEvaluator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

class TestS3ConditionKeys
{
    private static final Instant NOW = Instant.parse("2024-01-01T00:00:30Z");
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab";

    @Test
    void listings()
    {
        Map<String, List<String>> keys = S3ConditionKeys.of(request("GET /b?list-type=2&prefix=photos%2F&delimiter=%2F&max-keys=100", Map.of("Authorization", SIGNED)), NOW);
        assertThat(keys).containsExactlyInAnyOrderEntriesOf(Map.of(
                "s3:prefix", List.of("photos/"),
                "s3:delimiter", List.of("/"),
                "s3:max-keys", List.of("100"),
                "s3:signatureversion", List.of("AWS4-HMAC-SHA256"),
                "s3:authtype", List.of("REST-HEADER")));
        // an empty prefix is a prefix
        assertThat(S3ConditionKeys.of(request("GET /b?prefix=", Map.of()), NOW)).containsEntry("s3:prefix", List.of(""));
        assertThat(S3ConditionKeys.of(request("GET /b", Map.of()), NOW)).isEmpty();
    }

    @Test
    void uploadsAndCopies()
    {
        Map<String, List<String>> keys = S3ConditionKeys.of(request("PUT /b/k", Map.of(
                "x-amz-acl", "bucket-owner-full-control",
                "x-amz-server-side-encryption", "aws:kms",
                "x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:111122223333:key/k",
                "x-amz-storage-class", "STANDARD_IA",
                "x-amz-metadata-directive", "REPLACE",
                "x-amz-copy-source", "/src/a%20b?versionId=3",
                "x-amz-content-sha256", "UNSIGNED-PAYLOAD",
                "Authorization", SIGNED)), NOW);
        assertThat(keys).containsEntry("s3:x-amz-acl", List.of("bucket-owner-full-control"))
                .containsEntry("s3:x-amz-server-side-encryption", List.of("aws:kms"))
                .containsEntry("s3:x-amz-server-side-encryption-aws-kms-key-id", List.of("arn:aws:kms:us-east-1:111122223333:key/k"))
                .containsEntry("s3:x-amz-storage-class", List.of("STANDARD_IA"))
                .containsEntry("s3:x-amz-metadata-directive", List.of("REPLACE"))
                .containsEntry("s3:x-amz-copy-source", List.of("src/a b?versionId=3"))
                .containsEntry("s3:x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"))
                .doesNotContainKey("s3:prefix");
    }

    @Test
    void versions()
    {
        assertThat(S3ConditionKeys.of(request("GET /b/k?versionId=3", Map.of()), NOW)).containsExactlyEntriesOf(Map.of("s3:versionid", List.of("3")));
    }

    @Test
    void presignedRequests()
    {
        Map<String, List<String>> keys = S3ConditionKeys.of(request("GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240101T000000Z&X-Amz-Expires=300"
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=ab", Map.of()), NOW);
        assertThat(keys).containsEntry("s3:signatureversion", List.of("AWS4-HMAC-SHA256"))
                .containsEntry("s3:authtype", List.of("REST-QUERY-STRING"))
                .containsEntry("s3:signatureage", List.of("30000"));
        // signed in the future (clock skew): no negative age
        assertThat(S3ConditionKeys.of(request("GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240101T000100Z", Map.of()), NOW))
                .containsEntry("s3:signatureage", List.of("0"));
        assertThat(S3ConditionKeys.of(request("GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=yesterday", Map.of()), NOW)).doesNotContainKey("s3:signatureage");
    }

    @Test
    void policiesSeeTheKeys()
    {
        PolicyDocument policy = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "home/alice/*"}}},
                  {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*",
                   "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "s3:authType": "REST-HEADER"}}}
                ]}
                """);
        assertThat(evaluate(policy, "GET /b?list-type=2&prefix=home%2Falice%2Fdocs", Map.of())).isEqualTo(Decision.ALLOW);
        assertThat(evaluate(policy, "GET /b?list-type=2&prefix=home%2Fbob%2F", Map.of())).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(evaluate(policy, "PUT /b/k", Map.of("x-amz-acl", "bucket-owner-full-control", "Authorization", SIGNED))).isEqualTo(Decision.ALLOW);
        assertThat(evaluate(policy, "PUT /b/k", Map.of("Authorization", SIGNED))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    private static Decision evaluate(PolicyDocument policy, String requestLine, Map<String, String> headers)
    {
        S3Request request = request(requestLine, headers);
        S3Operation operation = S3Operation.classify(request).orElseThrow();
        Map<String, List<String>> context = S3ConditionKeys.of(request, NOW);
        Decision decision = Decision.ALLOW;
        for (S3Authorization authorization : S3Authorization.of(operation, request)) {
            Decision one = PolicyEvaluator.evaluate(List.of(policy), new AuthorizationRequest(authorization.action(), authorization.resource(), context));
            if (one != Decision.ALLOW) {
                decision = one;
            }
        }
        return decision;
    }
}
