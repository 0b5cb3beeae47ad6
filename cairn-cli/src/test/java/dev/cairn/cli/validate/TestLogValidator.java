package dev.cairn.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

public class TestLogValidator
{
    /*
     * RSA public keys of each size, fixed so that the test generates none: X.509 SubjectPublicKeyInfo in base64, as
     * "openssl pkey -pubout -outform DER" writes them (public halves only; the private ones were thrown away).
     */
    private static final String PUBLIC_KEY_1024 = """
            MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJcKgRcT1uHKfWs8vA7irVi3COSfPUJD7+DAX5ZbSVgvxi900S0ftdnIsHHie5GOl+EoxaRvrE
            wv5e/e1l93nQuZ3YtfdjoEuscght8UvvgtCr7x8oj/tZ77F6pReJ2xx+LtzIIhXJdqw5AXQhCWRpbNc8i0vYu5ow8OhmS3IqawIDAQAB
            """;

    private static final String PUBLIC_KEY_2048 = """
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApu0ovWA6PVyE5hxuY6B4+IedZTdnuukJSle9cE6E/jr1lm3hiH8zMFJyOrq8WUFeqvJ/
            VTXS7oI6Mq8Cry8T/kwZchvM6y1X8PS3D8TaPSZeE3EUzmS/Nj/ggkiiFPmTeUkv9y59AerLefJzwCXrYpqpXuu04SJtzIPJqfcVcIB6MN1Fdc1R
            NWNb4CJNPPk36IlZSVP0vM1qPG0eZYULwQ0oYG0Oy3BeFBUkPCtPbpniWhPon50jY+qsVnJV9Ayd7kTfrEmXSTOZCbh3uh1o+hJ5SiNlOSQrst6q
            ign/PELkW0ujz+gU/0wkptPo9U0hCNAlKUEWPjr9K9apir1XJwIDAQAB
            """;

    private static final String PUBLIC_KEY_3072 = """
            MIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEAmOtBclkOKDyCnNb5fFbBmGS7+AryhhDr6/ubPanG2tF9c+uM9NGeAdTTIee9wDg9aSZl
            Qnv0t7swf+1Kllehzbx1tUcDQ/ZXSx0TCkQyJmAxiHs5pzZDohMW5SCmdqLWsdkRSoDGo0Kz1jmitVYga6fVmnsr2yV8nHAanD7I8/0PcLBsreWv
            RGNB/pDEtquTx8Phnl2A4rZdhjhuu0iSi16kBq+qNF3rHlOjTXenU6ILw14QtTzGjFgJRcCREyeY3KKhRRu6gdauqfav9S6k2q26aGufDbMeSJIs
            TX+mX5wiYpQWJcvOD4Vr1FpdiH8nL6JcyqIEuAD7E1oYwD2Jv5ImXJglj0P6qMu9OW59isOrUeT3PZP4NfLyuMUYByUt9MxdzpVnDfmiXPw3vHlG
            xoPf/1a03fzCoul34jjrmvOzaoUweZriRg5/q6YG4HrTTaC2/KV+1nupa+QDGFD9OezCPs5JUf91JOARJ+4hLIK199TS5MjN0tGgRM8ZqnDNAgMB
            AAE=
            """;

    private static final String PUBLIC_KEY_4096 = """
            MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAriKyI0AomSgukVeu/Yliv+oC3VsklkkzflVfliSYmplD/VZsN51GYOWuL+P4578M4tLn
            zdfElSijNUBNSM7reeyPssdSmVWAbJDxe3L0haa0gSNkkR3wUQIXJKNWgm0hH+WOZYLL7qezRHmQUCGr/ErGB7lC+VlIOFwodu54jTWmPOoy6/jF
            dDSuJCzyYKStvRLWWYMgMgw4ng3ORn5QBFTTyO+jpE/yTmYyFOziYTVODMY4ua9IAKtx2Uifw0EGNviG3nIOckYiFYIO2GLJp93KZyRDV2ax8KXp
            0p/yMT3iSTDWe4mfS+4vQyqSJczkV2a9q5dz9KpdqItJFMLT5YaWNWUzQ1BneCsFMt9O4Wcn5ZoNYDVxr89vXOsG77m3ckZKZd0igOiMVCb0aaZg
            K4NcTmfo9JTogDVGmIjtpTTd+7bnjcPXkRfVr+kFFw6wrMmVpXZ7wdtXcbzSrDis3hoFtEKDnV79rl9PP67Qd5deQcEJhnZnoJoW9rnknXp9W84L
            dv35XiSol0LjxuIwv7s5sZz57F5IapJ31/DLu82cv54x4/k65KthbzZ+Hc/5ZtEswQT6MeEydS0dQ7B5aWZhEEiDpeMFTxvL+E7JF+0Zoe+yJjSn
            TYi+sx/6HudHxOZX6BJrfYzBt4/9YDCN4SP3qD5RIgUbjTgKUujHwg8CAwEAAQ==
            """;

    @Test
    public void wrapsPkcs1KeysOfEverySizeAsTheJdkEncodesThem()
            throws Exception
    {
        List<Integer> sizes = new ArrayList<>();
        for (String publicKey : List.of(PUBLIC_KEY_1024, PUBLIC_KEY_2048, PUBLIC_KEY_3072, PUBLIC_KEY_4096)) {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(publicKey)));
            int bits = key.getModulus().bitLength();
            sizes.add(bits);
            assertThat(LogValidator.subjectPublicKeyInfo(pkcs1(key)))
                    .as("%d-bit key", bits)
                    .isEqualTo(key.getEncoded());
        }
        assertThat(sizes).containsExactly(1024, 2048, 3072, 4096);
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
