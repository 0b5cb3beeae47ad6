package dev.cairn.server.s3;

import dev.cairn.core.s3.S3ErrorCode;

import static java.util.Objects.requireNonNull;

import javax.crypto.Mac;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks the rolling signatures of one streaming upload: each chunk's signature covers the chunk and the signature
 * before it, the first chunk's the request's own ({@link SeedSignature}), and the trailer's the last chunk's. Reuses
 * one {@link Mac}. Not thread-safe.
 */
final class ChunkSigner
{
    static final String SIGNATURE_DOES_NOT_MATCH = "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();

    private final Mac mac;
    private final String amzDate;
    private final String scope;
    private String previousSignature;

    ChunkSigner(SeedSignature seed)
    {
        requireNonNull(seed, "seed is null");
        this.mac = seed.newMac();
        this.amzDate = seed.amzDate();
        this.scope = seed.scope();
        this.previousSignature = seed.signature();
    }

    /**
     * @param dataSha256 the SHA-256 of the chunk's data
     * @param signature the chunk's {@code chunk-signature}
     */
    void verifyChunk(byte[] dataSha256, String signature)
            throws S3BodyException
    {
        verify("AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + EMPTY_SHA256 + "\n" + HEX.formatHex(dataSha256), signature);
    }

    /**
     * @param canonicalTrailer the trailer's fields but its signature, each {@code name:value\n} with the name in
     *         lowercase, sorted by name
     * @param signature the trailer's {@code x-amz-trailer-signature}
     */
    void verifyTrailer(String canonicalTrailer, String signature)
            throws S3BodyException
    {
        byte[] trailerSha256 = ChecksumAlgorithm.messageDigest("SHA-256").digest(canonicalTrailer.getBytes(StandardCharsets.UTF_8));
        verify("AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + HEX.formatHex(trailerSha256), signature);
    }

    private void verify(String stringToSign, String signature)
            throws S3BodyException
    {
        String expected = HEX.formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new S3BodyException(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, SIGNATURE_DOES_NOT_MATCH);
        }
        previousSignature = expected;
    }
}
