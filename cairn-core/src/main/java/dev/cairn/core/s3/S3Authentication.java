package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

/**
 * How a request was signed, in the words of the two places that name it: the record's {@code additionalEventData}
 * ({@code SignatureVersion}, {@code AuthenticationMethod}: {@code AuthHeader} or {@code QueryString}) and the
 * condition keys {@code s3:signatureversion} ({@code AWS4-HMAC-SHA256} or {@code AWS}) and {@code s3:authType}
 * ({@code REST-HEADER} or {@code REST-QUERY-STRING}).
 *
 * <p>Condition key values from AWS's "Amazon S3 Signature Version 4 Authentication Specific Policy Keys"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/bucket-policy-s3-sigv4-conditions.html); record values from AWS's
 * record examples (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html).
 */
public enum S3Authentication
{
    SIGV4_HEADER("SigV4", "AuthHeader", "AWS4-HMAC-SHA256", "REST-HEADER"),
    SIGV4_QUERY_STRING("SigV4", "QueryString", "AWS4-HMAC-SHA256", "REST-QUERY-STRING"),
    SIGV2_HEADER("SigV2", "AuthHeader", "AWS", "REST-HEADER"),
    SIGV2_QUERY_STRING("SigV2", "QueryString", "AWS", "REST-QUERY-STRING");

    private final String signatureVersion;
    private final String authenticationMethod;
    private final String signatureVersionKey;
    private final String authTypeKey;

    S3Authentication(String signatureVersion, String authenticationMethod, String signatureVersionKey, String authTypeKey)
    {
        this.signatureVersion = requireNonNull(signatureVersion, "signatureVersion is null");
        this.authenticationMethod = requireNonNull(authenticationMethod, "authenticationMethod is null");
        this.signatureVersionKey = requireNonNull(signatureVersionKey, "signatureVersionKey is null");
        this.authTypeKey = requireNonNull(authTypeKey, "authTypeKey is null");
    }

    /** The record's {@code additionalEventData.SignatureVersion}. */
    public String signatureVersion()
    {
        return signatureVersion;
    }

    /** The record's {@code additionalEventData.AuthenticationMethod}. */
    public String authenticationMethod()
    {
        return authenticationMethod;
    }

    /** The value of the condition key {@code s3:signatureversion}. */
    public String signatureVersionKey()
    {
        return signatureVersionKey;
    }

    /** The value of the condition key {@code s3:authType}. */
    public String authTypeKey()
    {
        return authTypeKey;
    }

    public boolean presigned()
    {
        return this == SIGV4_QUERY_STRING || this == SIGV2_QUERY_STRING;
    }
}
