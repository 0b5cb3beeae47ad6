package dev.cairn.server.s3;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

public class TestCrc64Nvme
{
    @Test
    public void checkValue()
    {
        // CRC-64/NVME in the catalogue of parametrised CRC algorithms: check=0xae8b14860a799888
        Crc64Nvme crc = new Crc64Nvme();
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        crc.update(check, 0, check.length);
        assertThat(crc.getValue()).isEqualTo(0xae8b14860a799888L);

        crc.reset();
        assertThat(crc.getValue()).isZero();
        for (byte b : check) {
            crc.update(b);
        }
        assertThat(crc.getValue()).isEqualTo(0xae8b14860a799888L);
    }

    @Test
    public void piecesGiveTheWholesCrc()
    {
        byte[] content = new byte[100_000];
        new Random(1).nextBytes(content);
        Crc64Nvme whole = new Crc64Nvme();
        whole.update(content, 0, content.length);
        Crc64Nvme pieces = new Crc64Nvme();
        for (int offset = 0; offset < content.length; offset += 777) {
            pieces.update(content, offset, Math.min(777, content.length - offset));
        }
        assertThat(pieces.getValue()).isEqualTo(whole.getValue());
    }
}
