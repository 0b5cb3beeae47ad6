package dev.cairn.server.s3;

import dev.cairn.core.s3.S3ErrorCode;

import static java.util.Objects.requireNonNull;

import dev.cairn.server.s3.ChecksumAlgorithm.ContentDigest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The content of an S3 request body, decoded and verified as it is read, for each way S3 clients send one
 * ({@link PayloadMode}, from {@code x-amz-content-sha256}): as it is, unchecked or with the SHA-256 the signature
 * covers; or aws-chunked, with signed chunks and maybe a trailer, or unsigned chunks and a trailer. Along the way it
 * checks what the request declared of the content: a {@code x-amz-checksum-*} header or trailer, {@code Content-MD5},
 * {@code x-amz-decoded-content-length}.
 * <p>
 * Nothing unverified is handed out: a signed chunk only once its signature verified, and the content's last byte only
 * once everything the body's end decides verified (the whole content's hash or checksum, the trailer and its
 * signature, the length). So a consumer that forwards the content to an upstream with a fixed {@code Content-Length}
 * stops, on an {@link S3BodyException}, before the upstream received a complete body. (An empty content has no last byte to
 * hold back: it is verified at the first {@link #read}, which a consumer should call before sending anything.) A
 * failure is thrown again by every later read.
 * <p>
 * Memory: a 64 KB read buffer, and one signed chunk: at most 16 MB, a larger one is {@code InvalidRequest} (the AWS SDKs
 * and the AWS CLI send 64 KB to 1 MB). Not thread-safe.
 */
public final class S3Payload
        extends InputStream
{
    /** {@link #transferTo} copies in blocks of this size. */
    static final int TRANSFER_BUFFER_SIZE = 64 * 1024;
    private static final String CONTENT_MD5 = "content-md5";
    private static final String TRAILER = "x-amz-trailer";
    private static final String DECODED_CONTENT_LENGTH = "x-amz-decoded-content-length";
    private static final HexFormat HEX = HexFormat.of();

    private final PayloadMode mode;
    private final InputStream body;
    private final PayloadDecoder decoder;
    private final List<ContentCheck> checks;
    private final Optional<ChecksumAlgorithm> trailerAlgorithm;
    private final OptionalLong decodedContentLength;
    /** {@link #read()}'s buffer. */
    private final byte[] oneByte = new byte[1];
    /** Where a one-byte read decodes the byte after the held one. */
    private final byte[] readAhead = new byte[1];

    /** The content's last byte so far, not handed out yet; -1 when none is held. */
    private int held = -1;
    private long decodedBytes;
    private boolean verified;
    private Optional<PayloadChecksum> trailerChecksum = Optional.empty();
    private Optional<S3BodyException> failure = Optional.empty();

    private S3Payload(PayloadMode mode, InputStream body, PayloadDecoder decoder, List<ContentCheck> checks, Optional<ChecksumAlgorithm> trailerAlgorithm,
            OptionalLong decodedContentLength)
    {
        this.mode = requireNonNull(mode, "mode is null");
        this.body = requireNonNull(body, "body is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.checks = List.copyOf(checks);
        this.trailerAlgorithm = requireNonNull(trailerAlgorithm, "trailerAlgorithm is null");
        this.decodedContentLength = requireNonNull(decodedContentLength, "decodedContentLength is null");
    }

    /**
     * Checks the headers that describe the body, and returns its content to read.
     *
     * @param contentSha256 the request's {@code x-amz-content-sha256}; for a presigned request without one,
     *         {@code UNSIGNED-PAYLOAD}
     * @param headers a header's value by lowercase name, or null when the request has none; read here are
     *         {@code x-amz-decoded-content-length}, {@code x-amz-trailer}, {@code content-md5} and
     *         {@code x-amz-checksum-*}
     * @param seed the request's verified signature, which the chunks' signatures chain from (used only where
     *         chunks are signed)
     * @param body the request body as it arrives; closed by {@link #close}
     * @throws S3BodyException for headers that do not describe a body S3 takes
     */
    public static S3Payload open(String contentSha256, Function<String, String> headers, SeedSignature seed, InputStream body)
            throws S3BodyException
    {
        requireNonNull(headers, "headers is null");
        requireNonNull(seed, "seed is null");
        requireNonNull(body, "body is null");
        PayloadMode mode = PayloadMode.of(contentSha256);
        List<ContentCheck> checks = new ArrayList<>();
        if (mode == PayloadMode.SIGNED_PAYLOAD) {
            checks.add(contentSha256Check(contentSha256.toLowerCase(Locale.ROOT)));
        }

        Optional<ChecksumAlgorithm> trailerAlgorithm = trailerAlgorithm(mode, Optional.ofNullable(headers.apply(TRAILER)));
        List<ChecksumAlgorithm> headerAlgorithms = new ArrayList<>();
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            if (headers.apply(algorithm.headerName()) != null) {
                headerAlgorithms.add(algorithm);
            }
        }
        if (headerAlgorithms.size() + (trailerAlgorithm.isPresent() ? 1 : 0) > 1) {
            throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        for (ChecksumAlgorithm algorithm : headerAlgorithms) {
            byte[] expected = checksumBytes(algorithm, headers.apply(algorithm.headerName()), "header");
            checks.add(checksumCheck(algorithm, trailer -> expected));
        }
        if (trailerAlgorithm.isPresent()) {
            ChecksumAlgorithm algorithm = trailerAlgorithm.get();
            checks.add(checksumCheck(algorithm, trailer -> checksumBytes(algorithm, trailer.get(algorithm.headerName()), "trailing header")));
        }

        String contentMd5 = headers.apply(CONTENT_MD5);
        if (contentMd5 != null) {
            checks.add(contentMd5Check(contentMd5));
        }

        if (!mode.chunked()) {
            return new S3Payload(mode, body, PayloadDecoder.plain(body), checks, trailerAlgorithm, OptionalLong.empty());
        }
        long declaredLength = decodedContentLength(mode, headers.apply(DECODED_CONTENT_LENGTH));
        PayloadDecoder decoder = new ChunkedDecoder(new RawBody(body), mode.signedChunks() ? Optional.of(new ChunkSigner(seed)) : Optional.empty(),
                trailerAlgorithm.map(ChecksumAlgorithm::headerName), declaredLength);
        return new S3Payload(mode, body, decoder, checks, trailerAlgorithm, OptionalLong.of(declaredLength));
    }

    private static Optional<ChecksumAlgorithm> trailerAlgorithm(PayloadMode mode, Optional<String> trailer)
            throws S3BodyException
    {
        if (!mode.trailer()) {
            if (trailer.isPresent()) {
                throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The x-amz-trailer header goes with an x-amz-content-sha256 of "
                        + PayloadMode.STREAMING_UNSIGNED_PAYLOAD_TRAILER.headerValue() + " or " + PayloadMode.STREAMING_SIGNED_PAYLOAD_TRAILER.headerValue() + " only.");
            }
            return Optional.empty();
        }
        if (trailer.isEmpty()) {
            throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "An x-amz-content-sha256 of " + mode.headerValue() + " needs an x-amz-trailer header naming the trailer's checksum.");
        }
        Optional<ChecksumAlgorithm> algorithm = ChecksumAlgorithm.fromHeaderName(trailer.get().trim());
        if (algorithm.isEmpty()) {
            throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The value specified in the x-amz-trailer header is not supported: Cairn takes one of "
                    + Arrays.stream(ChecksumAlgorithm.values()).map(ChecksumAlgorithm::headerName).collect(Collectors.joining(", ")) + ".");
        }
        return algorithm;
    }

    private static long decodedContentLength(PayloadMode mode, String value)
            throws S3BodyException
    {
        if (value == null) {
            throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "An x-amz-content-sha256 of " + mode.headerValue() + " needs an " + DECODED_CONTENT_LENGTH
                    + " header: the length of the content, without the aws-chunked encoding.");
        }
        boolean digits = !value.isEmpty() && value.length() <= 18;
        for (int i = 0; digits && i < value.length(); i++) {
            digits = value.charAt(i) >= '0' && value.charAt(i) <= '9';
        }
        if (!digits) {
            throw new S3BodyException(S3ErrorCode.INVALID_ARGUMENT, "The " + DECODED_CONTENT_LENGTH + " header must be a number of bytes.",
                    Map.of("ArgumentName", DECODED_CONTENT_LENGTH, "ArgumentValue", value));
        }
        return Long.parseLong(value);
    }

    private static byte[] checksumBytes(ChecksumAlgorithm algorithm, String value, String where)
            throws S3BodyException
    {
        try {
            byte[] bytes = Base64.getDecoder().decode(value.trim());
            if (bytes.length == algorithm.length()) {
                return bytes;
            }
        }
        catch (IllegalArgumentException e) {
            // not Base64
        }
        throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "Value for " + algorithm.headerName() + " " + where + " is invalid.");
    }

    private static ContentCheck contentSha256Check(String declared)
    {
        return new ContentCheck(ContentDigest.of(ChecksumAlgorithm.messageDigest("SHA-256")), (actual, trailer) -> {
            String computed = HEX.formatHex(actual);
            if (!computed.equals(declared)) {
                throw new S3BodyException(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH, "The provided 'x-amz-content-sha256' header does not match what was computed.",
                        Map.of("ClientComputedContentSHA256", declared, "S3ComputedContentSHA256", computed));
            }
        });
    }

    private static ContentCheck checksumCheck(ChecksumAlgorithm algorithm, ExpectedDigest expected)
    {
        return new ContentCheck(algorithm.newDigest(), (actual, trailer) -> {
            if (!MessageDigest.isEqual(actual, expected.expected(trailer))) {
                throw new S3BodyException(S3ErrorCode.BAD_DIGEST, "The " + algorithm.algorithmName() + " you specified did not match the calculated checksum.");
            }
        });
    }

    private static ContentCheck contentMd5Check(String value)
            throws S3BodyException
    {
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(value.trim());
        }
        catch (IllegalArgumentException e) {
            expected = new byte[0];
        }
        if (expected.length != 16) {
            throw new S3BodyException(S3ErrorCode.INVALID_DIGEST, "The Content-MD5 you specified was invalid.", Map.of("Content-MD5", value));
        }
        byte[] md5 = expected;
        return new ContentCheck(ContentDigest.of(ChecksumAlgorithm.messageDigest("MD5")), (actual, trailer) -> {
            if (!MessageDigest.isEqual(actual, md5)) {
                throw new S3BodyException(S3ErrorCode.BAD_DIGEST, "The Content-MD5 you specified did not match what we received.",
                        Map.of("ExpectedDigest", HEX.formatHex(md5), "CalculatedDigest", HEX.formatHex(actual)));
            }
        });
    }

    public PayloadMode mode()
    {
        return mode;
    }

    /** The content's length where the body is aws-chunked ({@code x-amz-decoded-content-length}, checked at the end). */
    public OptionalLong decodedContentLength()
    {
        return decodedContentLength;
    }

    /** Bytes of content decoded so far (one of them may not be handed out yet); the object's size once {@link #verified}. */
    public long decodedBytes()
    {
        return decodedBytes;
    }

    /** Bytes of the request body read so far, aws-chunked framing included. */
    public long bodyBytes()
    {
        return decoder.bodyBytes();
    }

    /** Whether the whole body was read and verified: the last read returned -1. */
    public boolean verified()
    {
        return verified;
    }

    /** The checksum the trailer carried, once the content was {@link #verified} against it. */
    public Optional<PayloadChecksum> trailerChecksum()
    {
        return trailerChecksum;
    }

    @Override
    public int read()
            throws IOException
    {
        int count = read(oneByte, 0, 1);
        return count < 0 ? -1 : oneByte[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (failure.isPresent()) {
            throw failure.get();
        }
        if (length == 0) {
            return 0;
        }
        try {
            return readHoldingBack(buffer, offset, length);
        }
        catch (S3BodyException e) {
            failure = Optional.of(e);
            throw e;
        }
    }

    /** Reads content, always keeping its last byte so far back until the end verified. */
    private int readHoldingBack(byte[] buffer, int offset, int length)
            throws IOException
    {
        if (held < 0) {
            if (verified) {
                return -1;
            }
            int count = decode(buffer, offset, length);
            if (count < 0) {
                // the content is empty
                finish();
                return -1;
            }
            held = buffer[offset + count - 1] & 0xff;
            if (count > 1) {
                return count - 1;
            }
            // the one byte decoded is held: read on past it
        }
        int count = length == 1 ? decode(readAhead, 0, 1) : decode(buffer, offset + 1, length - 1);
        if (count < 0) {
            finish();
            buffer[offset] = (byte) held;
            held = -1;
            return 1;
        }
        int last = length == 1 ? readAhead[0] : buffer[offset + count];
        buffer[offset] = (byte) held;
        held = last & 0xff;
        return count;
    }

    private int decode(byte[] buffer, int offset, int length)
            throws IOException
    {
        int count = decoder.read(buffer, offset, length);
        if (count > 0) {
            for (ContentCheck check : checks) {
                check.digest().update(buffer, offset, count);
            }
            decodedBytes += count;
        }
        return count;
    }

    private void finish()
            throws IOException
    {
        Map<String, String> trailer = decoder.finish();
        for (ContentCheck check : checks) {
            check.verification().verify(check.digest().digest(), trailer);
        }
        trailerChecksum = trailerAlgorithm.map(algorithm -> new PayloadChecksum(algorithm, trailer.get(algorithm.headerName())));
        verified = true;
    }

    /** Copies the content in blocks of {@value #TRANSFER_BUFFER_SIZE} bytes. */
    @Override
    public long transferTo(OutputStream out)
            throws IOException
    {
        requireNonNull(out, "out is null");
        byte[] buffer = new byte[TRANSFER_BUFFER_SIZE];
        long transferred = 0;
        int count;
        while ((count = read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, count);
            transferred += count;
        }
        return transferred;
    }

    @Override
    public void close()
            throws IOException
    {
        body.close();
    }

    /** A check of the whole content: its digest, fed as the content is decoded, verified at the end. */
    private record ContentCheck(ContentDigest digest, Verification verification)
    {
    }

    private interface Verification
    {
        void verify(byte[] actual, Map<String, String> trailer)
                throws S3BodyException;
    }

    private interface ExpectedDigest
    {
        byte[] expected(Map<String, String> trailer)
                throws S3BodyException;
    }
}
