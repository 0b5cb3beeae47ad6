package dev.cairn.core.s3;

import static dev.cairn.core.api.QueryCodec.escape;
import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * S3's XML error body, as S3 answers it (served as {@code application/xml} with the code's HTTP status):
 * <pre>{@code
 * <?xml version="1.0" encoding="UTF-8"?>
 * <Error><Code>NoSuchBucket</Code><Message>...</Message><BucketName>...</BucketName><Resource>...</Resource><RequestId>...</RequestId><HostId>...</HostId></Error>
 * }</pre>
 * Format from AWS's "REST error responses" (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses).
 *
 * @param resource the bucket or object the error is about, such as {@code /bucket/key}; left out when empty
 * @param details extra elements some errors carry, written in order after the message (such as {@code BucketName} for
 *         {@code NoSuchBucket})
 * @param hostId the {@code HostId}, which S3 also sends as {@code x-amz-id-2}
 */
public record S3ErrorResponse(S3ErrorCode code, String message, Optional<String> resource, Map<String, String> details, String requestId, String hostId)
{
    public S3ErrorResponse
    {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        requireNonNull(resource, "resource is null");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        requireNonNull(requestId, "requestId is null");
        requireNonNull(hostId, "hostId is null");
    }

    /** The error of an exception the gateway threw. */
    public static S3ErrorResponse of(S3Exception exception, Optional<String> resource, String requestId, String hostId)
    {
        return new S3ErrorResponse(exception.errorCode(), exception.getMessage(), resource, Map.of(), requestId, hostId);
    }

    public int status()
    {
        return code.status();
    }

    public String toXml()
    {
        StringBuilder xml = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
        element(xml, "Code", code.code());
        element(xml, "Message", message);
        details.forEach((name, value) -> element(xml, name, value));
        resource.ifPresent(value -> element(xml, "Resource", value));
        element(xml, "RequestId", requestId);
        element(xml, "HostId", hostId);
        return xml.append("</Error>").toString();
    }

    private static void element(StringBuilder xml, String name, String text)
    {
        xml.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
    }
}
