package dev.cairn.server.s3;

import dev.cairn.core.s3.S3ErrorCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bodies signed by the AWS SDK's own signer ({@link AwsV4HttpSigner} with chunk encoding, payload signing and
 * flexible checksums), decoded and verified by {@link S3Payload}; then the same bodies, broken.
 */
public class TestS3Payload
{
    private static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String REGION = "eu-west-1";
    private static final Instant TIME = Instant.parse("2025-06-07T08:09:10Z");
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");
    private static final HexFormat HEX = HexFormat.of();
    /** The AWS SDK's chunk size. */
    private static final int SDK_CHUNK_SIZE = 128 * 1024;

    @Test
    public void unsignedPayloadIsTheBodyAsItIs()
            throws IOException
    {
        byte[] content = content(300_000);
        Upload upload = sign(content, false, false, Optional.empty());
        assertThat(upload.contentSha256()).isEqualTo("UNSIGNED-PAYLOAD");

        S3Payload payload = upload.open();
        assertThat(payload.mode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
        assertThat(payload.readAllBytes()).isEqualTo(content);
        assertThat(payload.verified()).isTrue();
        assertThat(payload.decodedBytes()).isEqualTo(content.length);
        assertThat(payload.bodyBytes()).isEqualTo(content.length);
        assertThat(payload.decodedContentLength()).isEmpty();
        assertThat(payload.trailerChecksum()).isEmpty();
    }

    @Test
    public void signedPayloadIsVerifiedAgainstItsHash()
            throws IOException
    {
        byte[] content = content(300_000);
        Upload upload = sign(content, true, false, Optional.empty());
        assertThat(upload.contentSha256()).isEqualTo(HEX.formatHex(sha256(content)));

        S3Payload payload = upload.open();
        assertThat(payload.mode()).isEqualTo(PayloadMode.SIGNED_PAYLOAD);
        assertThat(payload.readAllBytes()).isEqualTo(content);
        assertThat(payload.verified()).isTrue();

        // the hash in upper case is the same hash
        assertThat(upload.withContentSha256(upload.contentSha256().toUpperCase(Locale.ROOT)).open().readAllBytes()).isEqualTo(content);
    }

    @Test
    public void signedPayloadOfOtherContentIsRefused()
    {
        byte[] content = content(300_000);
        Upload upload = sign(content, true, false, Optional.empty());
        byte[] changed = content.clone();
        changed[150_000] ^= 1;

        assertThatThrownBy(() -> upload.withBody(changed).open().readAllBytes())
                .isInstanceOfSatisfying(S3BodyException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH);
                    assertThat(e.errorCode().status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("The provided 'x-amz-content-sha256' header does not match what was computed.");
                    assertThat(e.details()).containsEntry("ClientComputedContentSHA256", upload.contentSha256())
                            .containsEntry("S3ComputedContentSHA256", HEX.formatHex(sha256(changed)));
                });
    }

    @Test
    public void signedPayloadHoldsItsLastByteBackUntilTheHashVerified()
            throws IOException
    {
        byte[] content = "0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[100];

        S3Payload good = open(HEX.formatHex(sha256(content)), Map.of(), content);
        assertThat(good.read(buffer, 0, buffer.length)).isEqualTo(9);
        assertThat(good.verified()).isFalse();
        assertThat(good.decodedBytes()).isEqualTo(10);
        assertThat(good.read(buffer, 9, buffer.length - 9)).isEqualTo(1);
        assertThat(good.verified()).isTrue();
        assertThat(Arrays.copyOf(buffer, 10)).isEqualTo(content);
        assertThat(good.read(buffer, 0, buffer.length)).isEqualTo(-1);

        S3Payload bad = open(HEX.formatHex(sha256("0123456780".getBytes(StandardCharsets.US_ASCII))), Map.of(), content);
        assertThat(bad.read(buffer, 0, buffer.length)).isEqualTo(9);
        assertThatThrownBy(() -> bad.read(buffer, 0, buffer.length)).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH));
        // the failure stays
        assertThatThrownBy(bad::read).isInstanceOfSatisfying(S3BodyException.class, e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH));

        // however the body arrives and however it is read, the last byte waits for the end
        S3Payload trickled = S3Payload.open(HEX.formatHex(sha256("0123456780".getBytes(StandardCharsets.US_ASCII))), header(Map.of()), seed(TIME, "0".repeat(64)),
                new TrickleInputStream(new ByteArrayInputStream(content), 1));
        int handedOut = 0;
        try {
            while (trickled.read() >= 0) {
                handedOut++;
            }
        }
        catch (S3BodyException e) {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH);
        }
        assertThat(handedOut).isEqualTo(content.length - 1);
        assertThat(trickled.verified()).isFalse();
    }

    @Test
    public void anEmptyContentIsVerifiedAtTheFirstRead()
            throws IOException
    {
        S3Payload good = open(HEX.formatHex(sha256(new byte[0])), Map.of(), new byte[0]);
        assertThat(good.verified()).isFalse();
        assertThat(good.read()).isEqualTo(-1);
        assertThat(good.verified()).isTrue();

        S3Payload bad = open(HEX.formatHex(sha256(new byte[1])), Map.of(), new byte[0]);
        assertThatThrownBy(bad::read).isInstanceOfSatisfying(S3BodyException.class, e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH));
    }

    @Test
    public void streamingSignedPayloadOfManyChunks()
            throws IOException
    {
        byte[] content = content(1024 * 1024);
        Upload upload = sign(content, true, true, Optional.empty());
        assertThat(upload.contentSha256()).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertThat(chunks(upload.body())).hasSize(1024 * 1024 / SDK_CHUNK_SIZE + 1);

        S3Payload payload = upload.open();
        assertThat(payload.mode()).isEqualTo(PayloadMode.STREAMING_SIGNED_PAYLOAD);
        assertThat(payload.decodedContentLength()).hasValue(content.length);
        assertThat(payload.readAllBytes()).isEqualTo(content);
        assertThat(payload.verified()).isTrue();
        assertThat(payload.decodedBytes()).isEqualTo(content.length);
        assertThat(payload.bodyBytes()).isEqualTo(upload.body().length);
        assertThat(payload.trailerChecksum()).isEmpty();
    }

    @Test
    public void streamingSignedPayloadOfNothing()
            throws IOException
    {
        Upload upload = sign(new byte[0], true, true, Optional.empty());
        assertThat(chunks(upload.body())).hasSize(1);

        S3Payload payload = upload.open();
        assertThat(payload.read()).isEqualTo(-1);
        assertThat(payload.verified()).isTrue();
        assertThat(payload.decodedBytes()).isZero();

        Upload tampered = upload.withBody(flipHex(upload.body(), chunks(upload.body()).get(0).signatureOffset()));
        assertThatThrownBy(() -> tampered.open().read()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    public void anyReadSizeAndAnyArrivalGiveTheSameContent()
            throws IOException
    {
        byte[] content = content(3 * SDK_CHUNK_SIZE + 12_345);
        for (Upload upload : List.of(sign(content, true, true, Optional.empty()), sign(content, false, true, Optional.of(DefaultChecksumAlgorithm.CRC32C)),
                sign(content, true, true, Optional.of(DefaultChecksumAlgorithm.SHA256)), sign(content, true, false, Optional.empty()))) {
            for (int arrival : new int[] {1, 7, 4096, 100_000}) {
                for (int readSize : new int[] {1, 2, 3, 8191, 65_536, 1 << 20}) {
                    if (arrival == 1 && readSize > 3) {
                        continue;
                    }
                    S3Payload payload = S3Payload.open(upload.contentSha256(), header(upload.headers()), upload.seed(),
                            new TrickleInputStream(new ByteArrayInputStream(upload.body()), arrival));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] buffer = new byte[readSize];
                    int count;
                    while ((count = readSize == 1 ? single(payload, buffer) : payload.read(buffer, 0, readSize)) >= 0) {
                        assertThat(count).isPositive();
                        out.write(buffer, 0, count);
                    }
                    assertThat(out.toByteArray()).as("%s arriving by %s, read by %s", upload.contentSha256(), arrival, readSize).isEqualTo(content);
                    assertThat(payload.verified()).isTrue();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(upload.open().transferTo(out)).isEqualTo(content.length);
            assertThat(out.toByteArray()).isEqualTo(content);
        }
    }

    @Test
    public void aChangedChunkIsRefusedBeforeItIsHandedOut()
            throws IOException
    {
        byte[] content = content(1024 * 1024);
        Upload upload = sign(content, true, true, Optional.empty());
        Chunk third = chunks(upload.body()).get(2);
        byte[] body = upload.body().clone();
        body[third.dataOffset() + 100] ^= 0x40;

        S3Payload payload = upload.withBody(body).open();
        assertThatThrownBy(() -> payload.transferTo(new ByteArrayOutputStream())).isInstanceOfSatisfying(S3BodyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
            assertThat(e.errorCode().status()).isEqualTo(403);
            assertThat(e.getMessage()).isEqualTo("The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        });
        // the two chunks before it, but the held-back byte
        assertThat(payload.decodedBytes()).isEqualTo(2L * SDK_CHUNK_SIZE);
    }

    @Test
    public void aChangedChunkSignatureIsRefused()
    {
        Upload upload = sign(content(1024 * 1024), true, true, Optional.empty());
        List<Chunk> chunks = chunks(upload.body());
        for (Chunk chunk : List.of(chunks.get(0), chunks.get(4), chunks.get(chunks.size() - 1))) {
            for (int digit : new int[] {0, 31, 63}) {
                Upload tampered = upload.withBody(flipHex(upload.body(), chunk.signatureOffset() + digit));
                assertThatThrownBy(() -> tampered.open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));
            }
        }
        // chunks signed with another seed: another request's, or another key's
        assertThatThrownBy(() -> upload.withSeed(seed(TIME, "0".repeat(64))).open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));
        Upload otherKey = upload.withSeed(SeedSignature.of("another secret", TIME, REGION, "s3", upload.seed().signature()));
        assertThatThrownBy(() -> otherKey.open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));
        // or chunks in another order
        byte[] body = upload.body();
        Chunk first = chunks.get(0);
        Chunk second = chunks.get(1);
        byte[] swapped = concat(Arrays.copyOfRange(body, second.offset(), second.end()), Arrays.copyOfRange(body, first.offset(), first.end()),
                Arrays.copyOfRange(body, second.end(), body.length));
        assertThatThrownBy(() -> upload.withBody(swapped).open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    public void aTruncatedBodyIsIncomplete()
    {
        for (Upload upload : List.of(sign(content(SDK_CHUNK_SIZE + 1000), true, true, Optional.empty()),
                sign(content(SDK_CHUNK_SIZE + 1000), false, true, Optional.of(DefaultChecksumAlgorithm.CRC32)),
                sign(content(SDK_CHUNK_SIZE + 1000), true, true, Optional.of(DefaultChecksumAlgorithm.CRC32)))) {
            byte[] body = upload.body();
            Chunk second = chunks(body).get(1);
            List<Integer> lengths = new ArrayList<>(List.of(0, 1, 10, 100, SDK_CHUNK_SIZE, second.offset(), second.offset() + 5, second.dataOffset() + 500));
            for (int length = Math.max(0, body.length - 300); length < body.length; length++) {
                lengths.add(length);
            }
            for (int length : lengths) {
                Upload truncated = upload.withBody(Arrays.copyOf(body, length));
                assertThatThrownBy(() -> truncated.open().readAllBytes()).as("%s cut to %s of %s bytes", upload.contentSha256(), length, body.length)
                        .isInstanceOfSatisfying(S3BodyException.class, e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INCOMPLETE_BODY));
            }
        }
    }

    @Test
    public void theDecodedLengthMustBeTheContentsLength()
    {
        byte[] content = content(SDK_CHUNK_SIZE + 1000);
        for (Upload upload : List.of(sign(content, true, true, Optional.empty()), sign(content, false, true, Optional.of(DefaultChecksumAlgorithm.CRC32)))) {
            for (long declared : new long[] {0, 1, content.length - 1, content.length + 1, 10L * content.length}) {
                Upload wrong = upload.withHeader("x-amz-decoded-content-length", String.valueOf(declared));
                assertThatThrownBy(() -> wrong.open().readAllBytes()).as("%s declared %s", upload.contentSha256(), declared)
                        .isInstanceOfSatisfying(S3BodyException.class, e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INCOMPLETE_BODY));
            }
            assertThatThrownBy(() -> upload.withHeader("x-amz-decoded-content-length", null).open()).isInstanceOfSatisfying(S3BodyException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST));
            assertThatThrownBy(() -> upload.withHeader("x-amz-decoded-content-length", "-1").open()).isInstanceOfSatisfying(S3BodyException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_ARGUMENT));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32C", "SHA1", "SHA256"})
    public void unsignedPayloadWithTrailingChecksum(ChecksumAlgorithm algorithm)
            throws IOException
    {
        byte[] content = content(1024 * 1024 + 17);
        Upload upload = sign(content, false, true, Optional.of(sdkAlgorithm(algorithm)));
        assertThat(upload.contentSha256()).isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        assertThat(upload.headers()).containsEntry("x-amz-trailer", algorithm.headerName());

        S3Payload payload = upload.open();
        assertThat(payload.mode()).isEqualTo(PayloadMode.STREAMING_UNSIGNED_PAYLOAD_TRAILER);
        assertThat(payload.trailerChecksum()).isEmpty();
        assertThat(payload.readAllBytes()).isEqualTo(content);
        assertThat(payload.trailerChecksum()).hasValue(new PayloadChecksum(algorithm, Base64.getEncoder().encodeToString(checksum(algorithm, content))));
        assertThat(payload.trailerChecksum().orElseThrow().headerName()).isEqualTo(algorithm.headerName());
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32C", "SHA1", "SHA256"})
    public void signedPayloadWithSignedTrailer(ChecksumAlgorithm algorithm)
            throws IOException
    {
        byte[] content = content(1024 * 1024 + 17);
        Upload upload = sign(content, true, true, Optional.of(sdkAlgorithm(algorithm)));
        assertThat(upload.contentSha256()).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");

        S3Payload payload = upload.open();
        assertThat(payload.mode()).isEqualTo(PayloadMode.STREAMING_SIGNED_PAYLOAD_TRAILER);
        assertThat(payload.readAllBytes()).isEqualTo(content);
        assertThat(payload.trailerChecksum()).hasValue(new PayloadChecksum(algorithm, Base64.getEncoder().encodeToString(checksum(algorithm, content))));
    }

    @Test
    public void trailersOfNothing()
            throws IOException
    {
        for (boolean signed : new boolean[] {true, false}) {
            Upload upload = sign(new byte[0], signed, true, Optional.of(DefaultChecksumAlgorithm.CRC32));
            S3Payload payload = upload.open();
            assertThat(payload.readAllBytes()).isEmpty();
            assertThat(payload.trailerChecksum()).hasValue(new PayloadChecksum(ChecksumAlgorithm.CRC32, "AAAAAA=="));
        }
    }

    @Test
    public void aWrongTrailingChecksumIsABadDigest()
            throws IOException
    {
        byte[] content = content(1024 * 1024);
        Upload upload = sign(content, false, true, Optional.of(DefaultChecksumAlgorithm.CRC32));
        String trailer = "x-amz-checksum-crc32:" + Base64.getEncoder().encodeToString(checksum(ChecksumAlgorithm.CRC32, content));
        String otherTrailer = "x-amz-checksum-crc32:" + Base64.getEncoder().encodeToString(checksum(ChecksumAlgorithm.CRC32, new byte[1]));

        S3Payload payload = upload.withBody(replace(upload.body(), trailer, otherTrailer)).open();
        assertThatThrownBy(() -> payload.transferTo(new ByteArrayOutputStream())).isInstanceOfSatisfying(S3BodyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.BAD_DIGEST);
            assertThat(e.getMessage()).isEqualTo("The CRC32 you specified did not match the calculated checksum.");
        });
        assertThat(payload.verified()).isFalse();
        assertThat(payload.trailerChecksum()).isEmpty();

        // unsigned chunks pass through as they come, but for the content's last byte
        byte[] body = upload.body().clone();
        body[chunks(body).get(3).dataOffset() + 7] ^= 1;
        S3Payload changed = upload.withBody(body).open();
        ByteArrayOutputStream handedOut = new ByteArrayOutputStream();
        assertThatThrownBy(() -> changed.transferTo(handedOut)).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.BAD_DIGEST));
        assertThat(handedOut.size()).isEqualTo(content.length - 1);

        // not Base64, or not a CRC32's length
        for (String value : List.of("not base64!", "AAAAAAAA")) {
            assertThatThrownBy(() -> upload.withBody(replace(upload.body(), trailer, "x-amz-checksum-crc32:" + value)).open().readAllBytes())
                    .isInstanceOfSatisfying(S3BodyException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST);
                        assertThat(e.getMessage()).isEqualTo("Value for x-amz-checksum-crc32 trailing header is invalid.");
                    });
        }
    }

    @Test
    public void aSignedTrailerIsCheckedBeforeItsChecksum()
    {
        byte[] content = content(300_000);
        Upload upload = sign(content, true, true, Optional.of(DefaultChecksumAlgorithm.SHA256));
        String trailer = "x-amz-checksum-sha256:" + Base64.getEncoder().encodeToString(sha256(content));

        // the trailer changed: its signature does not match any more
        Upload otherChecksum = upload.withBody(replace(upload.body(), trailer, "x-amz-checksum-sha256:" + Base64.getEncoder().encodeToString(sha256(new byte[1]))));
        assertThatThrownBy(() -> otherChecksum.open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));

        // the trailer's signature changed
        int signature = indexOf(upload.body(), "x-amz-trailer-signature:") + "x-amz-trailer-signature:".length();
        assertThatThrownBy(() -> upload.withBody(flipHex(upload.body(), signature + 10)).open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));

        // no signature
        byte[] unsigned = replace(upload.body(), new String(upload.body(), signature - 24, 24 + 64 + 2, StandardCharsets.ISO_8859_1), "");
        assertThatThrownBy(() -> upload.withBody(unsigned).open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("lacks its x-amz-trailer-signature");
        });
    }

    @Test
    public void theTrailerHoldsWhatXAmzTrailerDeclared()
    {
        Upload upload = sign(content(1000), false, true, Optional.of(DefaultChecksumAlgorithm.CRC32));
        assertThatThrownBy(() -> upload.withHeader("x-amz-trailer", "x-amz-checksum-crc32c").open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST));
        assertThatThrownBy(() -> upload.withHeader("x-amz-trailer", null).open()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST));
        assertThatThrownBy(() -> upload.withHeader("x-amz-trailer", "x-amz-meta-color").open()).isInstanceOfSatisfying(S3BodyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).startsWith("The value specified in the x-amz-trailer header is not supported");
        });
        // a trailer where none was declared
        Upload plain = sign(content(1000), true, true, Optional.empty());
        assertThatThrownBy(() -> plain.withHeader("x-amz-trailer", "x-amz-checksum-crc32").open()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST));
        byte[] withTrailer = replace(plain.body(), "\r\n\r\n", "\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
        assertThatThrownBy(() -> plain.withBody(withTrailer).open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST));
    }

    @Test
    public void crc64NvmeTrailer()
            throws IOException
    {
        // the check value of CRC-64/NVME
        byte[] content = "123456789".getBytes(StandardCharsets.US_ASCII);
        String checksum = Base64.getEncoder().encodeToString(HEX.parseHex("ae8b14860a799888"));
        Map<String, String> headers = Map.of("x-amz-decoded-content-length", "9", "x-amz-trailer", "x-amz-checksum-crc64nvme");
        byte[] body = ("9\r\n123456789\r\n0\r\nx-amz-checksum-crc64nvme:" + checksum + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        S3Payload payload = open("STREAMING-UNSIGNED-PAYLOAD-TRAILER", headers, body);
        assertThat(payload.readAllBytes()).isEqualTo(content);
        assertThat(payload.trailerChecksum()).hasValue(new PayloadChecksum(ChecksumAlgorithm.CRC64NVME, checksum));

        byte[] changed = ("9\r\n123456780\r\n0\r\nx-amz-checksum-crc64nvme:" + checksum + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> open("STREAMING-UNSIGNED-PAYLOAD-TRAILER", headers, changed).readAllBytes()).isInstanceOfSatisfying(S3BodyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.BAD_DIGEST);
            assertThat(e.getMessage()).isEqualTo("The CRC64NVME you specified did not match the calculated checksum.");
        });
    }

    @Test
    public void checksumHeaders()
            throws IOException
    {
        byte[] content = content(100_000);
        String crc32c = Base64.getEncoder().encodeToString(checksum(ChecksumAlgorithm.CRC32C, content));
        assertThat(open("UNSIGNED-PAYLOAD", Map.of("x-amz-checksum-crc32c", crc32c), content).readAllBytes()).isEqualTo(content);

        byte[] changed = content.clone();
        changed[0] ^= 1;
        assertThatThrownBy(() -> open("UNSIGNED-PAYLOAD", Map.of("x-amz-checksum-crc32c", crc32c), changed).readAllBytes()).isInstanceOfSatisfying(S3BodyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.BAD_DIGEST);
            assertThat(e.getMessage()).isEqualTo("The CRC32C you specified did not match the calculated checksum.");
        });
        assertThatThrownBy(() -> open("UNSIGNED-PAYLOAD", Map.of("x-amz-checksum-sha1", crc32c), content)).isInstanceOfSatisfying(S3BodyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).isEqualTo("Value for x-amz-checksum-sha1 header is invalid.");
        });
        assertThatThrownBy(() -> open("UNSIGNED-PAYLOAD", Map.of("x-amz-checksum-crc32c", crc32c, "x-amz-checksum-crc32", crc32c), content))
                .isInstanceOfSatisfying(S3BodyException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
                });
        // a header checksum besides a trailing one
        Upload trailing = sign(content, false, true, Optional.of(DefaultChecksumAlgorithm.CRC32));
        assertThatThrownBy(() -> trailing.withHeader("x-amz-checksum-crc32c", crc32c).open()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST));
    }

    @Test
    public void contentMd5()
            throws IOException
    {
        byte[] content = content(100_000);
        String md5 = Base64.getEncoder().encodeToString(digest("MD5", content));
        assertThat(open("UNSIGNED-PAYLOAD", Map.of("content-md5", md5), content).readAllBytes()).isEqualTo(content);
        Upload streaming = sign(content, true, true, Optional.empty()).withHeader("content-md5", md5);
        assertThat(streaming.open().readAllBytes()).isEqualTo(content);

        assertThatThrownBy(() -> open("UNSIGNED-PAYLOAD", Map.of("content-md5", Base64.getEncoder().encodeToString(digest("MD5", new byte[1]))), content).readAllBytes())
                .isInstanceOfSatisfying(S3BodyException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(S3ErrorCode.BAD_DIGEST);
                    assertThat(e.getMessage()).isEqualTo("The Content-MD5 you specified did not match what we received.");
                });
        for (String invalid : List.of("", "not base64!", Base64.getEncoder().encodeToString(new byte[15]))) {
            assertThatThrownBy(() -> open("UNSIGNED-PAYLOAD", Map.of("content-md5", invalid), content)).isInstanceOfSatisfying(S3BodyException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_DIGEST);
                assertThat(e.getMessage()).isEqualTo("The Content-MD5 you specified was invalid.");
            });
        }
    }

    @Test
    public void contentSha256MustNameAModeOrAHash()
    {
        for (String value : List.of("", "STREAMING-AWS4-HMAC-SHA256", "unsigned-payload", "0".repeat(63), "g".repeat(64), "0".repeat(65))) {
            assertThatThrownBy(() -> open(value, Map.of(), new byte[0])).as(value).isInstanceOfSatisfying(S3BodyException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_ARGUMENT);
                assertThat(e.details()).containsEntry("ArgumentName", "x-amz-content-sha256").containsEntry("ArgumentValue", value);
            });
        }
        for (String value : List.of("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER")) {
            assertThatThrownBy(() -> open(value, Map.of(), new byte[0])).isInstanceOfSatisfying(S3BodyException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(S3ErrorCode.NOT_IMPLEMENTED);
                assertThat(e.errorCode().status()).isEqualTo(501);
            });
        }
    }

    @Test
    public void malformedFramingIsRefused()
    {
        Upload upload = sign(content(1000), true, true, Optional.empty());
        byte[] body = upload.body();
        Chunk first = chunks(body).get(0);

        assertInvalid(upload.withBody(replace(body, "3e8;", "xyz;")), "The chunk size 'xyz' of the aws-chunked body is not a hexadecimal number.");
        assertInvalid(upload.withBody(replace(body, "3e8;", ";")), "The chunk size '' of the aws-chunked body is not a hexadecimal number.");
        assertInvalid(upload.withBody(replace(body, "3e8;", "10000000000000003e8;")), "The chunk size '10000000000000003e8' of the aws-chunked body is not a hexadecimal number.");
        assertInvalid(upload.withBody(replace(body, "3e8;chunk-signature=", "3e8;chunk-signatura=")), "lacks its chunk-signature");
        assertInvalid(upload.withBody(replace(body, "3e8;chunk-signature=" + first.signature() + "\r\n", "3e8\r\n")), "lacks its chunk-signature");
        assertInvalid(upload.withBody(replace(body, first.signature() + "\r\n", first.signature() + "\n")), "ends with a bare LF, not CRLF");

        // no CRLF after the data
        byte[] noCrlf = body.clone();
        noCrlf[first.dataOffset() + first.size()] = 'x';
        assertInvalid(upload.withBody(noCrlf), "The chunk data of the aws-chunked body is not followed by CRLF.");

        // more after the end
        assertInvalid(upload.withBody(concat(body, "0\r\n".getBytes(StandardCharsets.US_ASCII))), "goes on after the end of its aws-chunked encoding");

        // a signed chunk larger than Cairn takes is refused before it is read
        int tooLarge = ChunkedDecoder.MAXIMUM_SIGNED_CHUNK_SIZE + 1;
        Upload large = upload.withHeader("x-amz-decoded-content-length", String.valueOf(tooLarge))
                .withBody(replace(body, "3e8;", Integer.toHexString(tooLarge) + ";"));
        assertInvalid(large, "A signed chunk of an aws-chunked body can be at most 16777216 bytes, not 16777217.");
    }

    @Test
    public void linesAreReadToALimitOnly()
            throws IOException
    {
        Map<String, String> headers = Map.of("x-amz-decoded-content-length", "10", "x-amz-trailer", "x-amz-checksum-crc32");
        // a body of 'a' without end: the chunk header is refused at its limit, not read on
        InputStream endless = new InputStream()
        {
            @Override
            public int read()
            {
                return 'a';
            }

            @Override
            public int read(byte[] buffer, int offset, int length)
            {
                Arrays.fill(buffer, offset, offset + length, (byte) 'a');
                return length;
            }
        };
        S3Payload payload = S3Payload.open("STREAMING-UNSIGNED-PAYLOAD-TRAILER", header(headers), seed(TIME, "0".repeat(64)), endless);
        assertThatThrownBy(payload::read).isInstanceOfSatisfying(S3BodyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).isEqualTo("The chunk header of the aws-chunked body is longer than 4096 bytes.");
        });
        assertThat(payload.bodyBytes()).isLessThanOrEqualTo(RawBody.BUFFER_SIZE);

        // nor are the trailer's lines; nor does it hold more than its one field
        byte[] longTrailer = ("a\r\n0123456789\r\n0\r\nx-amz-checksum-crc32:" + "A".repeat(5000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> open("STREAMING-UNSIGNED-PAYLOAD-TRAILER", headers, longTrailer).readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.getMessage()).isEqualTo("The trailer of the aws-chunked body is longer than 4096 bytes."));
        byte[] manyFields = ("a\r\n0123456789\r\n0\r\n" + "x-amz-checksum-crc32:AAAAAA==\r\n".repeat(20) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> open("STREAMING-UNSIGNED-PAYLOAD-TRAILER", headers, manyFields).readAllBytes()).isInstanceOfSatisfying(S3BodyException.class,
                e -> assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST));
    }

    /**
     * The example of AWS's documentation of {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} ("Signature Calculations for the
     * Authorization Header: Transferring Payload in Multiple Chunks"): 64 KB and 1 KB of 'a', with the signatures
     * it lists.
     */
    @Test
    public void theExampleOfAwsDocumentation()
            throws IOException
    {
        Instant time = Instant.parse("2013-05-24T00:00:00Z");
        SeedSignature seed = SeedSignature.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", time, "us-east-1", "s3", "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write("a".repeat(65536).getBytes(StandardCharsets.US_ASCII));
        body.write("\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write("a".repeat(1024).getBytes(StandardCharsets.US_ASCII));
        body.write("\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(body.size()).isEqualTo(66824);

        S3Payload payload = S3Payload.open("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", header(Map.of("x-amz-decoded-content-length", "66560")), seed,
                new ByteArrayInputStream(body.toByteArray()));
        assertThat(payload.readAllBytes()).isEqualTo("a".repeat(66560).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    public void seedSignatureShowsNoKey()
    {
        SeedSignature seed = seed(TIME, "a".repeat(64));
        assertThat(seed.toString()).isEqualTo("SeedSignature{20250607T080910Z, 20250607/eu-west-1/s3/aws4_request}");
    }

    private static void assertInvalid(Upload upload, String message)
    {
        assertThatThrownBy(() -> upload.open().readAllBytes()).isInstanceOfSatisfying(S3BodyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).contains(message);
        });
    }

    /** A request body as a client sends it, with the headers that describe it and the seed the server verified. */
    private record Upload(String contentSha256, Map<String, String> headers, SeedSignature seed, byte[] body)
    {
        S3Payload open()
                throws S3BodyException
        {
            return S3Payload.open(contentSha256, header(headers), seed, new ByteArrayInputStream(body));
        }

        Upload withBody(byte[] body)
        {
            return new Upload(contentSha256, headers, seed, body);
        }

        Upload withSeed(SeedSignature seed)
        {
            return new Upload(contentSha256, headers, seed, body);
        }

        Upload withContentSha256(String contentSha256)
        {
            return new Upload(contentSha256, headers, seed, body);
        }

        Upload withHeader(String name, String value)
        {
            Map<String, String> changed = new HashMap<>(headers);
            if (value == null) {
                changed.remove(name);
            }
            else {
                changed.put(name, value);
            }
            return new Upload(contentSha256, changed, seed, body);
        }
    }

    /** Signs a PUT of the content as the AWS SDK does for S3, and returns the body it sends. */
    private static Upload sign(byte[] content, boolean payloadSigning, boolean chunkEncoding, Optional<software.amazon.awssdk.checksums.spi.ChecksumAlgorithm> checksum)
    {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.PUT)
                .protocol("https")
                .host("bucket.s3.eu-west-1.amazonaws.com")
                .encodedPath("/key")
                .putHeader("Content-Length", String.valueOf(content.length))
                .build();
        SignRequest.Builder<AwsCredentialsIdentity> signRequest = SignRequest.builder(AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY))
                .request(request)
                .payload(() -> new ByteArrayInputStream(content))
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(TIME, ZoneOffset.UTC))
                .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, chunkEncoding)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning);
        checksum.ifPresent(algorithm -> signRequest.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, algorithm));
        SignedRequest signed = AwsV4HttpSigner.create().sign(signRequest.build());

        Map<String, String> headers = new HashMap<>();
        signed.request().forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        Matcher signature = SIGNATURE.matcher(headers.get("authorization"));
        assertThat(signature.find()).isTrue();
        assertThat(headers.get("authorization")).contains("Credential=" + ACCESS_KEY_ID + "/20250607/" + REGION + "/s3/aws4_request");
        byte[] body;
        try (InputStream in = signed.payload().orElseThrow().newStream()) {
            body = in.readAllBytes();
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
        return new Upload(headers.get("x-amz-content-sha256"), headers, seed(TIME, signature.group(1)), body);
    }

    private static SeedSignature seed(Instant time, String signature)
    {
        return SeedSignature.of(SECRET_ACCESS_KEY, time, REGION, "s3", signature);
    }

    private static S3Payload open(String contentSha256, Map<String, String> headers, byte[] body)
            throws S3BodyException
    {
        return S3Payload.open(contentSha256, header(headers), seed(TIME, "0".repeat(64)), new ByteArrayInputStream(body));
    }

    private static Function<String, String> header(Map<String, String> headers)
    {
        return headers::get;
    }

    private static software.amazon.awssdk.checksums.spi.ChecksumAlgorithm sdkAlgorithm(ChecksumAlgorithm algorithm)
    {
        return switch (algorithm) {
            case CRC32 -> DefaultChecksumAlgorithm.CRC32;
            case CRC32C -> DefaultChecksumAlgorithm.CRC32C;
            case CRC64NVME -> DefaultChecksumAlgorithm.CRC64NVME;
            case SHA1 -> DefaultChecksumAlgorithm.SHA1;
            case SHA256 -> DefaultChecksumAlgorithm.SHA256;
        };
    }

    /** The checksum by the JDK, or by the SDK's own code where the JDK has none. */
    private static byte[] checksum(ChecksumAlgorithm algorithm, byte[] content)
    {
        return switch (algorithm) {
            case CRC32 -> crc(new CRC32(), content);
            case CRC32C -> crc(new CRC32C(), content);
            case CRC64NVME -> throw new UnsupportedOperationException("the AWS SDK computes CRC64NVME with the AWS CRT only");
            case SHA1 -> digest("SHA-1", content);
            case SHA256 -> sha256(content);
        };
    }

    private static byte[] crc(Checksum crc, byte[] content)
    {
        crc.update(content, 0, content.length);
        long value = crc.getValue();
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] sha256(byte[] content)
    {
        return digest("SHA-256", content);
    }

    private static byte[] digest(String algorithm, byte[] content)
    {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        }
        catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] content(int length)
    {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        return content;
    }

    /** A chunk of an aws-chunked body, found by reading its framing. */
    private record Chunk(int offset, int size, int dataOffset, String signature, int signatureOffset)
    {
        /** Where the next chunk begins. */
        int end()
        {
            return size == 0 ? dataOffset : dataOffset + size + 2;
        }
    }

    private static List<Chunk> chunks(byte[] body)
    {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<Chunk> chunks = new ArrayList<>();
        int offset = 0;
        while (true) {
            int lineEnd = text.indexOf("\r\n", offset);
            String line = text.substring(offset, lineEnd);
            int semicolon = line.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? line : line.substring(0, semicolon), 16);
            String signature = semicolon < 0 ? "" : line.substring(line.indexOf('=') + 1);
            Chunk chunk = new Chunk(offset, size, lineEnd + 2, signature, offset + line.indexOf('=') + 1);
            chunks.add(chunk);
            if (size == 0) {
                return chunks;
            }
            offset = chunk.end();
        }
    }

    /** Changes one hex digit to another. */
    private static byte[] flipHex(byte[] body, int offset)
    {
        byte[] changed = body.clone();
        changed[offset] = (byte) (changed[offset] == '0' ? '1' : '0');
        return changed;
    }

    private static byte[] replace(byte[] body, String target, String replacement)
    {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(target);
        int at = text.indexOf(target);
        return (text.substring(0, at) + replacement + text.substring(at + target.length())).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] body, String target)
    {
        return new String(body, StandardCharsets.ISO_8859_1).indexOf(target);
    }

    private static byte[] concat(byte[]... parts)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static int single(InputStream in, byte[] buffer)
            throws IOException
    {
        int next = in.read();
        if (next < 0) {
            return -1;
        }
        buffer[0] = (byte) next;
        return 1;
    }

    /** Hands out at most a few bytes a read, as a slow connection does. */
    private static final class TrickleInputStream
            extends FilterInputStream
    {
        private final int step;

        TrickleInputStream(InputStream in, int step)
        {
            super(in);
            this.step = step;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            return super.read(buffer, offset, Math.min(length, step));
        }
    }
}
