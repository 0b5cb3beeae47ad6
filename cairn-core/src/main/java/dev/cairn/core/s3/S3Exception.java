package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

/**
 * A request the gateway answers with one of S3's XML errors ({@link S3ErrorResponse}) rather than forwarding it. An
 * answer, not a bug: it carries no stack trace.
 */
public final class S3Exception
        extends RuntimeException
{
    private final S3ErrorCode errorCode;

    /** With S3's usual message for the code. */
    public S3Exception(S3ErrorCode errorCode)
    {
        this(errorCode, errorCode.message());
    }

    public S3Exception(S3ErrorCode errorCode, String message)
    {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public S3ErrorCode errorCode()
    {
        return errorCode;
    }
}
