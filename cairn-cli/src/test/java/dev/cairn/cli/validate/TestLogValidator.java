package dev.cairn.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

public class TestLogValidator
{
    @Test
    public void wrapsPkcs1KeysOfEverySizeAsTheJdkEncodesThem()
            throws Exception
    {
        for (int bits : new int[] {1024, 2048, 3072, 4096}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey key = (RSAPublicKey) pair.getPublic();
            assertThat(LogValidator.subjectPublicKeyInfo(pkcs1(key)))
                    .as("%d-bit key", bits)
                    .isEqualTo(key.getEncoded());
        }
    }

    @Test
    public void hashesTheDecompressedBytes()
            throws Exception
    {
        byte[] content = "{\"Records\":[]}".repeat(50_000).getBytes(StandardCharsets.UTF_8);
        assertThat(LogValidator.gunzippedSha256(gzip(content)))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThatThrownBy(() -> LogValidator.gunzippedSha256(content)).isInstanceOf(IOException.class);
    }

    /** {@code RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }}, as ListPublicKeys returns keys. */
    private static byte[] pkcs1(RSAPublicKey key)
    {
        byte[] modulus = integer(key.getModulus());
        byte[] exponent = integer(key.getPublicExponent());
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(modulus);
        content.writeBytes(exponent);
        return element(0x30, content.toByteArray());
    }

    private static byte[] integer(BigInteger value)
    {
        return element(0x02, value.toByteArray());
    }

    private static byte[] element(int tag, byte[] content)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        }
        else if (content.length < 0x100) {
            out.write(0x81);
            out.write(content.length);
        }
        else {
            out.write(0x82);
            out.write(content.length >> 8);
            out.write(content.length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] content)
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
