package dev.cairn.server.s3;

import dev.cairn.core.s3.S3ErrorCode;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An aws-chunked body: chunks {@code hex-size[;chunk-signature=<sig>]\r\n<data>\r\n}, a last, empty chunk, then
 * trailer fields {@code name:value\r\n} (the last {@code x-amz-trailer-signature} where chunks are signed) and an
 * empty line. A signed chunk is read whole and handed out only once its signature verified, so a signed chunk is at
 * most {@link #MAXIMUM_SIGNED_CHUNK_SIZE}; an unsigned chunk passes through as it arrives, whatever its size. The sum of
 * the chunks' sizes must be {@code x-amz-decoded-content-length}. Lines are read up to {@link #MAXIMUM_LINE_LENGTH}
 * bytes, and the trailer holds the field {@code x-amz-trailer} declared and its signature only, so a malformed body
 * fails early rather than being read on without end. Not thread-safe.
 */
final class ChunkedDecoder
        implements PayloadDecoder
{
    static final int MAXIMUM_LINE_LENGTH = 4096;
    /** The largest signed chunk taken: the AWS SDKs send 64 KB to 1 MB, and S3 itself takes chunks of a few MB. */
    static final int MAXIMUM_SIGNED_CHUNK_SIZE = 16 * 1024 * 1024;
    static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";
    private static final String CHUNK_SIGNATURE = "chunk-signature=";
    /** A chunk size of more hex digits than this could pass a {@code long}; a few more would not be a body S3 takes. */
    private static final int MAXIMUM_SIZE_DIGITS = 15;

    private final RawBody raw;
    private final Optional<ChunkSigner> signer;
    private final Optional<String> trailerName;
    private final long declaredLength;
    private final MessageDigest chunkSha256 = ChecksumAlgorithm.messageDigest("SHA-256");

    /** The sum of the sizes of the chunks so far. */
    private long framedLength;
    /** A signed chunk, verified: its bytes from {@code chunkPosition} to {@code chunkLimit} are still to be handed out. */
    private byte[] chunk = new byte[0];
    private int chunkPosition;
    private int chunkLimit;
    /** The bytes of an unsigned chunk that are still to be read. */
    private long unsignedRemaining;
    /** An unsigned chunk's data was read, not yet the CRLF after it. */
    private boolean dataCrlfPending;
    private boolean lastChunk;

    /**
     * @param signer the chunks' and the trailer's signatures, or empty where they are unsigned
     * @param trailerName the trailer field {@code x-amz-trailer} declared, or empty where a trailer is not expected
     * @param declaredLength the {@code x-amz-decoded-content-length}
     */
    ChunkedDecoder(RawBody raw, Optional<ChunkSigner> signer, Optional<String> trailerName, long declaredLength)
    {
        this.raw = requireNonNull(raw, "raw is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.trailerName = requireNonNull(trailerName, "trailerName is null");
        this.declaredLength = declaredLength;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        while (true) {
            if (chunkPosition < chunkLimit) {
                int count = Math.min(length, chunkLimit - chunkPosition);
                System.arraycopy(chunk, chunkPosition, buffer, offset, count);
                chunkPosition += count;
                return count;
            }
            if (unsignedRemaining > 0) {
                int count = raw.read(buffer, offset, (int) Math.min(length, unsignedRemaining));
                if (count < 0) {
                    throw RawBody.ended("chunk data");
                }
                unsignedRemaining -= count;
                return count;
            }
            if (lastChunk) {
                return -1;
            }
            nextChunk();
        }
    }

    private void nextChunk()
            throws IOException
    {
        if (dataCrlfPending) {
            raw.readCrlf("chunk data");
            dataCrlfPending = false;
        }
        String header = raw.readLine(MAXIMUM_LINE_LENGTH, "chunk header");
        int semicolon = header.indexOf(';');
        long size = parseSize(semicolon < 0 ? header : header.substring(0, semicolon));
        if (size > declaredLength - framedLength) {
            throw new S3BodyException(S3ErrorCode.INCOMPLETE_BODY, "The aws-chunked body holds more than the " + declaredLength
                    + " bytes x-amz-decoded-content-length declared.");
        }
        framedLength += size;
        if (signer.isPresent()) {
            String signature = chunkSignature(header, semicolon);
            if (size > MAXIMUM_SIGNED_CHUNK_SIZE) {
                throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "A signed chunk of an aws-chunked body can be at most " + MAXIMUM_SIGNED_CHUNK_SIZE
                        + " bytes, not " + size + ".");
            }
            int length = (int) size;
            if (chunk.length < length) {
                chunk = new byte[Math.max(length, Math.min(2 * chunk.length, MAXIMUM_SIGNED_CHUNK_SIZE))];
            }
            raw.readFully(chunk, 0, length, chunkSha256, "chunk data");
            if (length > 0) {
                raw.readCrlf("chunk data");
            }
            signer.get().verifyChunk(chunkSha256.digest(), signature);
            chunkPosition = 0;
            chunkLimit = length;
        }
        else {
            unsignedRemaining = size;
            dataCrlfPending = size > 0;
        }
        if (size == 0) {
            lastChunk = true;
            if (framedLength != declaredLength) {
                throw new S3BodyException(S3ErrorCode.INCOMPLETE_BODY, "You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP "
                        + "header: it declared " + declaredLength + " bytes, the aws-chunked body holds " + framedLength + ".");
            }
        }
    }

    private static long parseSize(String text)
            throws S3BodyException
    {
        boolean hex = !text.isEmpty() && text.length() <= MAXIMUM_SIZE_DIGITS;
        for (int i = 0; hex && i < text.length(); i++) {
            char c = text.charAt(i);
            hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
        if (!hex) {
            throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The chunk size '" + abbreviate(text) + "' of the aws-chunked body is not a hexadecimal number.");
        }
        return Long.parseLong(text, 16);
    }

    private static String chunkSignature(String header, int semicolon)
            throws S3BodyException
    {
        if (semicolon < 0 || !header.startsWith(CHUNK_SIGNATURE, semicolon + 1)) {
            throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The chunk header '" + abbreviate(header) + "' of the aws-chunked body lacks its "
                    + CHUNK_SIGNATURE.substring(0, CHUNK_SIGNATURE.length() - 1) + ".");
        }
        return header.substring(semicolon + 1 + CHUNK_SIGNATURE.length());
    }

    @Override
    public Map<String, String> finish()
            throws IOException
    {
        Map<String, String> fields = new TreeMap<>();
        Optional<String> signature = Optional.empty();
        while (true) {
            String line = raw.readLine(MAXIMUM_LINE_LENGTH, "trailer");
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The trailer line '" + abbreviate(line) + "' of the aws-chunked body is not name:value.");
            }
            if (signature.isPresent()) {
                throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The " + TRAILER_SIGNATURE + " must be the last field of the trailer.");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals(TRAILER_SIGNATURE) && signer.isPresent() && trailerName.isPresent()) {
                signature = Optional.of(value);
                continue;
            }
            if (!trailerName.map(name::equals).orElse(false)) {
                throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The trailer field '" + abbreviate(name) + "' is not the one the x-amz-trailer header declared"
                        + trailerName.map(declared -> " (" + declared + ")").orElse(": none") + ".");
            }
            if (fields.put(name, value) != null) {
                throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The trailer field '" + name + "' comes twice.");
            }
        }
        if (trailerName.isPresent()) {
            if (!fields.containsKey(trailerName.get())) {
                throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The trailer of the aws-chunked body lacks " + trailerName.get() + ", which the x-amz-trailer header declared.");
            }
            if (signer.isPresent()) {
                if (signature.isEmpty()) {
                    throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The trailer of the aws-chunked body lacks its " + TRAILER_SIGNATURE + ".");
                }
                StringBuilder canonical = new StringBuilder();
                fields.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
                signer.get().verifyTrailer(canonical.toString(), signature.get());
            }
        }
        if (!raw.atEnd()) {
            throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The request body goes on after the end of its aws-chunked encoding.");
        }
        return fields;
    }

    @Override
    public long bodyBytes()
    {
        return raw.bytesRead();
    }

    private static String abbreviate(String text)
    {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
