package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an S3 record says of a request once it is answered: the response's status and the headers the record reads,
 * the bytes that went each way, S3's {@code x-amz-id-2} and the connection's cipher suite.
 *
 * @param headers the response headers of {@link #HEADERS} present, by lower-case name
 * @param bytesTransferredIn the request body's bytes
 * @param bytesTransferredOut the response body's bytes
 * @param amzId2 the response's {@code x-amz-id-2} (S3's host id)
 * @param cipherSuite the TLS cipher suite as CloudTrail names it ({@code ECDHE-RSA-AES128-GCM-SHA256}); empty without TLS
 */
public record S3Exchange(int status, Map<String, String> headers, long bytesTransferredIn, long bytesTransferredOut, Optional<String> amzId2, Optional<String> cipherSuite)
{
    /** The response headers a record reads: the encryption S3 applied and the version it wrote. */
    public static final List<String> HEADERS = List.of(
            "x-amz-server-side-encryption",
            "x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-server-side-encryption-context",
            "x-amz-server-side-encryption-bucket-key-enabled",
            "x-amz-server-side-encryption-customer-algorithm",
            "x-amz-server-side-encryption-customer-key-md5",
            "x-amz-version-id");

    public S3Exchange
    {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        requireNonNull(amzId2, "amzId2 is null");
        requireNonNull(cipherSuite, "cipherSuite is null");
    }

    /**
     * @param responseHeaders a response header's value given its lower-case name; null when absent
     */
    public static S3Exchange of(int status, Function<String, String> responseHeaders, long bytesTransferredIn, long bytesTransferredOut, Optional<String> amzId2,
            Optional<String> cipherSuite)
    {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : HEADERS) {
            String value = responseHeaders.apply(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return new S3Exchange(status, kept, bytesTransferredIn, bytesTransferredOut, amzId2, cipherSuite);
    }

    public boolean succeeded()
    {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String lowercaseName)
    {
        return Optional.ofNullable(headers.get(lowercaseName));
    }
}
