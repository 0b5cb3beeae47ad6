package dev.cairn.server.s3;

import dev.cairn.core.CairnException;
import dev.cairn.core.s3.S3ErrorCode;
import dev.cairn.core.s3.S3Exception;

import java.util.List;
import java.util.Map;

/**
 * The S3 errors the gateway answers itself, beyond those of classifying a request and reading its body.
 */
final class GatewayErrors
{
    private GatewayErrors() {}

    static S3Exception accessDenied()
    {
        return new S3Exception(S3ErrorCode.ACCESS_DENIED);
    }

    /** The journal cannot take the request's event: the request does not reach the upstream. */
    static S3Exception slowDown()
    {
        return new S3Exception(S3ErrorCode.SLOW_DOWN, "Please reduce your request rate: Cairn cannot record the request now.");
    }

    static S3Exception upstreamUnavailable()
    {
        return new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "The storage behind the gateway did not answer; retry.");
    }

    static S3Exception internal()
    {
        return new S3Exception(S3ErrorCode.INTERNAL_ERROR);
    }

    /**
     * Whether a request is signed with signature version 2: an {@code AWS <key>:<signature>} Authorization header, or
     * {@code AWSAccessKeyId} and {@code Signature} in the query (as {@code aws s3 presign} of the AWS CLI v1 makes
     * them for us-east-1). Without this check such a request reads as anonymous and is denied without saying why.
     */
    static boolean signedWithVersion2(Map<String, List<String>> query, String authorization)
    {
        if (authorization != null) {
            return authorization.startsWith("AWS ");
        }
        return query.containsKey("AWSAccessKeyId") && query.containsKey("Signature");
    }

    /** What S3 answers, in the regions that take only signature version 4, for a request signed with version 2. */
    static S3Exception signatureVersion2()
    {
        return new S3Exception(S3ErrorCode.INVALID_REQUEST, "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
    }

    /** What S3 answers for a request whose authentication failed (the core's {@link CairnException} says why). */
    static S3Exception authentication(CairnException failure, boolean presigned)
    {
        String message = failure.getMessage();
        return switch (failure.errorCode()) {
            case MISSING_AUTHENTICATION_TOKEN -> new S3Exception(S3ErrorCode.ACCESS_DENIED);
            case INCOMPLETE_SIGNATURE -> presigned
                    ? new S3Exception(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, message)
                    : new S3Exception(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED, message);
            case INVALID_SIGNATURE -> {
                if (message.startsWith("Signature expired") || message.startsWith("Signature not yet current")) {
                    yield new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, S3ErrorCode.REQUEST_TIME_TOO_SKEWED.message() + " " + message);
                }
                if (message.startsWith("Credential should be scoped")) {
                    yield new S3Exception(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED, message);
                }
                yield new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
            }
            case UNRECOGNIZED_CLIENT -> new S3Exception(S3ErrorCode.INVALID_ACCESS_KEY_ID);
            case EXPIRED_TOKEN -> new S3Exception(S3ErrorCode.EXPIRED_TOKEN);
            case ACCESS_DENIED -> new S3Exception(S3ErrorCode.ACCESS_DENIED, message);
            default -> new S3Exception(S3ErrorCode.INVALID_TOKEN);
        };
    }
}
