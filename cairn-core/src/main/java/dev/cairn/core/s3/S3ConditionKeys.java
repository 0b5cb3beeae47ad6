package dev.cairn.core.s3;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 condition keys of a request's context, by lower-case name (IAM compares key names case-insensitively), each
 * with its value; keys the request does not carry are left out, so that {@code Null} conditions see them absent:
 * <ul>
 *     <li>{@code s3:prefix}, {@code s3:delimiter}, {@code s3:max-keys}: the listing's query parameters</li>
 *     <li>{@code s3:versionid}: the {@code versionId} query parameter</li>
 *     <li>{@code s3:x-amz-acl}, {@code s3:x-amz-grant-*}, {@code s3:x-amz-server-side-encryption},
 *     {@code s3:x-amz-server-side-encryption-aws-kms-key-id}, {@code s3:x-amz-storage-class},
 *     {@code s3:x-amz-metadata-directive}, {@code s3:x-amz-content-sha256},
 *     {@code s3:object-lock-mode}, {@code s3:object-lock-retain-until-date}, {@code s3:object-lock-legal-hold}: the
 *     headers of those names</li>
 *     <li>{@code s3:x-amz-copy-source}: the copy's source, decoded and without a leading slash ({@code bucket/key})</li>
 *     <li>{@code s3:signatureversion} ({@code AWS4-HMAC-SHA256}), {@code s3:authtype} ({@code REST-HEADER} or
 *     {@code REST-QUERY-STRING}), and for presigned requests {@code s3:signatureage}: the milliseconds since
 *     {@code X-Amz-Date}</li>
 * </ul>
 * Not provided: {@code s3:ExistingObjectTag/<key>}, {@code s3:RequestObjectTag/<key>}, {@code s3:RequestObjectTagKeys}
 * and {@code s3:LocationConstraint} (they need the object's tags or the request body), nor {@code s3:TlsVersion}.
 *
 * <p>Keys from the Service Authorization Reference's "Condition keys for Amazon S3"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys) and
 * "Amazon S3 Signature Version 4 Authentication Specific Policy Keys"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/bucket-policy-s3-sigv4-conditions.html).
 */
public final class S3ConditionKeys
{
    private static final Map<String, String> QUERY_KEYS = orderedMap(
            "prefix", "s3:prefix",
            "delimiter", "s3:delimiter",
            "max-keys", "s3:max-keys",
            "versionId", "s3:versionid");
    private static final Map<String, String> HEADER_KEYS = orderedMap(
            "x-amz-acl", "s3:x-amz-acl",
            "x-amz-grant-read", "s3:x-amz-grant-read",
            "x-amz-grant-write", "s3:x-amz-grant-write",
            "x-amz-grant-read-acp", "s3:x-amz-grant-read-acp",
            "x-amz-grant-write-acp", "s3:x-amz-grant-write-acp",
            "x-amz-grant-full-control", "s3:x-amz-grant-full-control",
            "x-amz-server-side-encryption", "s3:x-amz-server-side-encryption",
            "x-amz-server-side-encryption-aws-kms-key-id", "s3:x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-storage-class", "s3:x-amz-storage-class",
            "x-amz-metadata-directive", "s3:x-amz-metadata-directive",
            "x-amz-content-sha256", "s3:x-amz-content-sha256",
            "x-amz-object-lock-mode", "s3:object-lock-mode",
            "x-amz-object-lock-retain-until-date", "s3:object-lock-retain-until-date",
            "x-amz-object-lock-legal-hold", "s3:object-lock-legal-hold");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private S3ConditionKeys() {}

    /**
     * @param now when the request arrived, for {@code s3:signatureage}
     */
    public static Map<String, List<String>> of(S3Request request, Instant now)
    {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        QUERY_KEYS.forEach((parameter, key) -> request.queryParameter(parameter).ifPresent(value -> keys.put(key, List.of(value))));
        HEADER_KEYS.forEach((header, key) -> request.header(header).ifPresent(value -> keys.put(key, List.of(value))));
        request.header("x-amz-copy-source").ifPresent(header -> {
            try {
                keys.put("s3:x-amz-copy-source", List.of(S3CopySource.parse(header).text()));
            }
            catch (S3Exception e) {
                keys.put("s3:x-amz-copy-source", List.of(header));
            }
        });
        request.authentication().ifPresent(authentication -> {
            keys.put("s3:signatureversion", List.of(authentication.signatureVersionKey()));
            keys.put("s3:authtype", List.of(authentication.authTypeKey()));
            if (authentication == S3Authentication.SIGV4_QUERY_STRING) {
                signatureTime(request).ifPresent(signed -> keys.put("s3:signatureage", List.of(Long.toString(Math.max(0, Duration.between(signed, now).toMillis())))));
            }
        });
        return Map.copyOf(keys);
    }

    private static Optional<Instant> signatureTime(S3Request request)
    {
        try {
            return request.queryParameter("X-Amz-Date").map(text -> LocalDateTime.parse(text, AMZ_DATE).toInstant(ZoneOffset.UTC));
        }
        catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> orderedMap(String... namesAndKeys)
    {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndKeys.length; i += 2) {
            map.put(namesAndKeys[i], namesAndKeys[i + 1]);
        }
        return map;
    }
}
