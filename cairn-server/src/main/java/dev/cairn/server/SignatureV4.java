package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4Properties;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * AWS Signature Version 4 as servers check it: parse the {@code Authorization} header, check the date, and recompute
 * the signature over exactly the headers the client signed with the AWS SDK's own canonicalizer and signer
 * ({@link DefaultV4RequestSigner}). The SDK's public {@code AwsV4HttpSigner} always adds and signs
 * {@code x-amz-content-sha256}, which the AWS CLI never signs, so it cannot re-create a CLI signature.
 */
public final class SignatureV4
{
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final Duration MAXIMUM_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** A presigned request is good for at most seven days, as in AWS (a signing key is valid for that long). */
    static final Duration MAXIMUM_PRESIGNED_EXPIRES = Duration.ofDays(7);
    public static final String QUERY_ALGORITHM = "X-Amz-Algorithm";
    public static final String QUERY_CREDENTIAL = "X-Amz-Credential";
    public static final String QUERY_DATE = "X-Amz-Date";
    public static final String QUERY_EXPIRES = "X-Amz-Expires";
    public static final String QUERY_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    public static final String QUERY_SIGNATURE = "X-Amz-Signature";
    public static final String QUERY_SECURITY_TOKEN = "X-Amz-Security-Token";

    private SignatureV4() {}

    /**
     * The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...} header.
     */
    public record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders, String signature)
    {
        public Authorization
        {
            requireNonNull(accessKeyId, "accessKeyId is null");
            signedHeaders = List.copyOf(signedHeaders);
        }
    }

    static Authorization parse(String header)
    {
        if (!header.startsWith(ALGORITHM + " ")) {
            throw new CairnException(ErrorCode.INCOMPLETE_SIGNATURE, "Authorization header must use the " + ALGORITHM + " algorithm.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String trimmed = part.trim();
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String value = trimmed.substring(equals + 1).trim();
            switch (trimmed.substring(0, equals).trim()) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                    // ignore unknown parameters
                }
            }
        }
        StringBuilder missing = new StringBuilder();
        if (credential == null) {
            missing.append(" Authorization header requires 'Credential' parameter.");
        }
        if (signature == null) {
            missing.append(" Authorization header requires 'Signature' parameter.");
        }
        if (signedHeaders == null) {
            missing.append(" Authorization header requires 'SignedHeaders' parameter.");
        }
        if (missing.length() > 0) {
            throw new CairnException(ErrorCode.INCOMPLETE_SIGNATURE, missing.substring(1) + " Authorization=" + ALGORITHM);
        }
        return authorization(credential, signedHeaders, signature);
    }

    private static Authorization authorization(String credential, String signedHeaders, String signature)
    {
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request") || scope[0].isEmpty()) {
            throw new CairnException(ErrorCode.INCOMPLETE_SIGNATURE,
                    "Credential should be scoped to a valid region, not a malformed scope: the form is <key>/<yyyymmdd>/<region>/<service>/aws4_request.");
        }
        List<String> headers = new ArrayList<>();
        for (String name : signedHeaders.split(";")) {
            if (!name.isEmpty()) {
                headers.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return new Authorization(scope[0], scope[1], scope[2], scope[3], headers, signature);
    }

    /**
     * A presigned request: the signature and its parameters in the query string ({@code X-Amz-Algorithm},
     * {@code X-Amz-Credential}, {@code X-Amz-Date}, {@code X-Amz-Expires}, {@code X-Amz-SignedHeaders},
     * {@code X-Amz-Signature}), good from its date for {@code X-Amz-Expires} seconds.
     *
     * @param signedQuery the query parameters the signature covers: all but {@code X-Amz-Signature}
     */
    record Presigned(Authorization authorization, Instant time, Map<String, List<String>> signedQuery)
    {
    }

    public static boolean isPresigned(Map<String, List<String>> query)
    {
        return query.containsKey(QUERY_ALGORITHM) || query.containsKey(QUERY_SIGNATURE);
    }

    static Presigned parsePresigned(Map<String, List<String>> query, Clock clock)
    {
        List<String> names = List.of(QUERY_ALGORITHM, QUERY_CREDENTIAL, QUERY_SIGNATURE, QUERY_DATE, QUERY_SIGNED_HEADERS, QUERY_EXPIRES);
        for (String name : names) {
            List<String> values = query.get(name);
            if (values == null || values.size() != 1 || values.get(0).isEmpty()) {
                throw new CairnException(ErrorCode.INCOMPLETE_SIGNATURE, "AWS query-string parameters must include each of " + String.join(", ", names)
                        + " once. Re-examine the query-string parameters.");
            }
        }
        if (!query.get(QUERY_ALGORITHM).get(0).equals(ALGORITHM)) {
            throw new CairnException(ErrorCode.INCOMPLETE_SIGNATURE, "X-Amz-Algorithm only supports \"" + ALGORITHM + "\".");
        }
        Authorization authorization = authorization(query.get(QUERY_CREDENTIAL).get(0), query.get(QUERY_SIGNED_HEADERS).get(0), query.get(QUERY_SIGNATURE).get(0));
        String amzDate = query.get(QUERY_DATE).get(0);
        Instant time = parseDate(amzDate, authorization);
        String expiresText = query.get(QUERY_EXPIRES).get(0);
        long expires;
        try {
            expires = Long.parseLong(expiresText);
        }
        catch (NumberFormatException e) {
            expires = -1;
        }
        if (expires < 1 || expires > MAXIMUM_PRESIGNED_EXPIRES.toSeconds()) {
            throw new CairnException(ErrorCode.INCOMPLETE_SIGNATURE, "X-Amz-Expires must be a number of seconds from 1 to " + MAXIMUM_PRESIGNED_EXPIRES.toSeconds()
                    + " (seven days), not '" + expiresText + "'.");
        }
        Instant now = clock.instant();
        if (time.isAfter(now.plus(MAXIMUM_SKEW))) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE, "Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAXIMUM_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
        if (now.isAfter(time.plusSeconds(expires))) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, "Request has expired: it was signed at " + amzDate + " for " + expires + " seconds (X-Amz-Expires), "
                    + "and it is now " + AMZ_DATE.format(now) + ".");
        }
        Map<String, List<String>> signedQuery = new LinkedHashMap<>(query);
        signedQuery.remove(QUERY_SIGNATURE);
        return new Presigned(authorization, time, signedQuery);
    }

    /** The request time from {@code X-Amz-Date}, checked against the clock and the credential scope. */
    static Instant requestTime(String amzDate, Authorization authorization, Clock clock)
    {
        if (amzDate == null) {
            throw new CairnException(ErrorCode.INCOMPLETE_SIGNATURE, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        Instant time = parseDate(amzDate, authorization);
        Instant now = clock.instant();
        if (time.isBefore(now.minus(MAXIMUM_SKEW))) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE, "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAXIMUM_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (time.isAfter(now.plus(MAXIMUM_SKEW))) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE, "Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAXIMUM_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
        return time;
    }

    private static Instant parseDate(String amzDate, Authorization authorization)
    {
        Instant time;
        try {
            time = Instant.from(AMZ_DATE.parse(amzDate));
        }
        catch (DateTimeParseException e) {
            throw new CairnException(ErrorCode.INCOMPLETE_SIGNATURE, "X-Amz-Date must be in ISO 8601 basic format (yyyyMMdd'T'HHmmss'Z'): " + amzDate);
        }
        if (!amzDate.startsWith(authorization.date())) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + authorization.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        return time;
    }

    /**
     * Recomputes the signature and compares it with the request's, in constant time.
     *
     * @param headers a header's value by (lowercase) name; several values of one header joined with commas
     * @param queryParameters decoded query parameters the signature covers
     * @param contentHash the canonical request's payload hash ({@link #contentHash})
     */
    static boolean verify(Authorization authorization, String secretAccessKey, Instant requestTime, String method, String rawPath,
            Map<String, List<String>> queryParameters, Function<String, String> headers, String contentHash)
    {
        if (!authorization.signedHeaders().contains("host")) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .protocol("http")
                .host("localhost")
                .encodedPath(rawPath.isEmpty() ? "/" : rawPath);
        queryParameters.forEach(request::putRawQueryParameter);
        for (String name : authorization.signedHeaders()) {
            String value = headers.apply(name);
            if (value == null) {
                return false;
            }
            request.putHeader(name, value);
        }
        V4Properties properties = V4Properties.builder()
                .credentials(AwsCredentialsIdentity.create(authorization.accessKeyId(), secretAccessKey))
                .credentialScope(new CredentialScope(authorization.region(), authorization.service(), requestTime))
                .signingClock(Clock.fixed(requestTime, ZoneOffset.UTC))
                .doubleUrlEncode(!authorization.service().equals("s3"))
                .normalizePath(!authorization.service().equals("s3"))
                .build();
        String expected = new DefaultV4RequestSigner(properties, contentHash).sign(request).getSignature();
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), authorization.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The payload hash of the canonical request: the body's SHA-256, or {@code UNSIGNED-PAYLOAD} where a client
     * declared that. A declared hash that is not the body's is a bad signature.
     */
    static String contentHash(String declared, byte[] body)
    {
        if (UNSIGNED_PAYLOAD.equals(declared)) {
            return UNSIGNED_PAYLOAD;
        }
        String actual = sha256Hex(body);
        if (declared != null && !declared.equalsIgnoreCase(actual)) {
            throw new CairnException(ErrorCode.INVALID_SIGNATURE, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return actual;
    }

    static String sha256Hex(byte[] bytes)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
