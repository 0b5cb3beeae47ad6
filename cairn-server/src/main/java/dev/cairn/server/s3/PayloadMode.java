package dev.cairn.server.s3;

import dev.cairn.core.s3.S3ErrorCode;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/** How an S3 request body is sent, as its {@code x-amz-content-sha256} header says. */
public enum PayloadMode
{
    /** {@code UNSIGNED-PAYLOAD}: the content as it is, unchecked. */
    UNSIGNED_PAYLOAD(Optional.of("UNSIGNED-PAYLOAD"), false, false, false),
    /** The hex SHA-256 of the content: the content as it is, which must have that hash. */
    SIGNED_PAYLOAD(Optional.empty(), false, false, false),
    /** aws-chunked, each chunk signed. */
    STREAMING_SIGNED_PAYLOAD(Optional.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), true, true, false),
    /** aws-chunked, each chunk signed, then a checksum in a signed trailer. */
    STREAMING_SIGNED_PAYLOAD_TRAILER(Optional.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"), true, true, true),
    /** aws-chunked, unsigned, then a checksum in an unsigned trailer. */
    STREAMING_UNSIGNED_PAYLOAD_TRAILER(Optional.of("STREAMING-UNSIGNED-PAYLOAD-TRAILER"), true, false, true);

    private static final String SIGV4A = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";

    private final Optional<String> headerValue;
    private final boolean chunked;
    private final boolean signedChunks;
    private final boolean trailer;

    PayloadMode(Optional<String> headerValue, boolean chunked, boolean signedChunks, boolean trailer)
    {
        this.headerValue = requireNonNull(headerValue, "headerValue is null");
        this.chunked = chunked;
        this.signedChunks = signedChunks;
        this.trailer = trailer;
    }

    /**
     * The mode an {@code x-amz-content-sha256} value names.
     *
     * @throws S3BodyException {@code InvalidArgument} for a value that is neither a mode nor a SHA-256, as S3 answers;
     *         {@code NotImplemented} for SigV4a's streaming modes
     */
    public static PayloadMode of(String contentSha256)
            throws S3BodyException
    {
        requireNonNull(contentSha256, "contentSha256 is null");
        for (PayloadMode mode : values()) {
            if (mode.headerValue.map(contentSha256::equals).orElse(false)) {
                return mode;
            }
        }
        if (isSha256(contentSha256)) {
            return SIGNED_PAYLOAD;
        }
        if (contentSha256.equals(SIGV4A) || contentSha256.equals(SIGV4A + "-TRAILER")) {
            throw new S3BodyException(S3ErrorCode.NOT_IMPLEMENTED, "A header you provided implies functionality that is not implemented: Cairn does not verify SigV4a "
                    + "(AWS4-ECDSA-P256-SHA256) payloads.", Map.of("Header", "x-amz-content-sha256"));
        }
        throw new S3BodyException(S3ErrorCode.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
                + "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
                Map.of("ArgumentName", "x-amz-content-sha256", "ArgumentValue", contentSha256));
    }

    private static boolean isSha256(String value)
    {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** The {@code x-amz-content-sha256} of this mode, for messages. */
    String headerValue()
    {
        return headerValue.orElse("a hex SHA-256");
    }

    /**
     * Whether the body is aws-chunked: the request's {@code Content-Length} is the encoded body's, the content's
     * is {@code x-amz-decoded-content-length}, and {@code Content-Encoding} names {@code aws-chunked}.
     */
    public boolean chunked()
    {
        return chunked;
    }

    /** Whether each chunk carries a signature, chained from the request's. */
    public boolean signedChunks()
    {
        return signedChunks;
    }

    /** Whether the chunks are followed by a trailer with a checksum ({@code x-amz-trailer} names it). */
    public boolean trailer()
    {
        return trailer;
    }
}
