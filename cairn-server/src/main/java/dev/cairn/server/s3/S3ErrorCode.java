package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

/**
 * The S3 errors of reading a request body: the code of S3's XML error document and the HTTP status S3 answers it
 * with. A code never changes once shipped.
 */
public enum S3ErrorCode
{
    /** A chunk or trailer signature of a streaming upload that is not the one the secret makes. */
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
    /** A body whose SHA-256 is not the one {@code x-amz-content-sha256} declared. */
    X_AMZ_CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400),
    /** A body whose {@code Content-MD5} or {@code x-amz-checksum-*} (header or trailer) is not the one declared. */
    BAD_DIGEST("BadDigest", 400),
    /** A {@code Content-MD5} that is not the Base64 of 16 bytes. */
    INVALID_DIGEST("InvalidDigest", 400),
    /** A body shorter or longer than declared, or one that ended before its framing did. */
    INCOMPLETE_BODY("IncompleteBody", 400),
    /** A malformed aws-chunked body or trailer, or headers that do not go together. */
    INVALID_REQUEST("InvalidRequest", 400),
    /** A header value S3 does not take, such as an {@code x-amz-content-sha256} that is neither a mode nor a hash. */
    INVALID_ARGUMENT("InvalidArgument", 400),
    /** A payload mode Cairn does not verify (SigV4a's {@code STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD}). */
    NOT_IMPLEMENTED("NotImplemented", 501);

    private final String code;
    private final int httpStatus;

    S3ErrorCode(String code, int httpStatus)
    {
        this.code = requireNonNull(code, "code is null");
        this.httpStatus = httpStatus;
    }

    /** The {@code Code} of S3's error document. */
    public String code()
    {
        return code;
    }

    public int httpStatus()
    {
        return httpStatus;
    }
}
