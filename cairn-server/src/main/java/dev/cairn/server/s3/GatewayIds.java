package dev.cairn.server.s3;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * S3's request ids: {@code x-amz-request-id} (16 upper-case hex digits, the record's {@code requestID}) and
 * {@code x-amz-id-2} (the host id, base64, the record's {@code additionalEventData.x-amz-id-2}).
 */
final class GatewayIds
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private GatewayIds() {}

    static String requestId()
    {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    static String hostId()
    {
        byte[] bytes = new byte[57];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
