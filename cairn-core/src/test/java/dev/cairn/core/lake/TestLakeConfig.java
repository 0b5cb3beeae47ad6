package dev.cairn.core.lake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestLakeConfig
{
    @Test
    public void defaults()
    {
        LakeConfig config = LakeConfig.defaults();
        assertThat(config.queryMemoryBytes()).isEqualTo(512L << 20);
        assertThat(config.queryThreads()).isEqualTo(2);
        assertThat(config.writeMemoryBytes()).isEqualTo(256L << 20);
        assertThat(config.writeThreads()).isEqualTo(2);
        assertThat(config.targetFileBytes()).isEqualTo(128L << 20);
    }

    @Test
    public void everySettingIsChecked()
    {
        assertThatThrownBy(() -> new LakeConfig(1 << 20, 2, 256L << 20, 2, 1)).hasMessageContaining("query memory");
        assertThatThrownBy(() -> new LakeConfig(512L << 20, 0, 256L << 20, 2, 1)).hasMessageContaining("query threads");
        assertThatThrownBy(() -> new LakeConfig(512L << 20, 2, 1 << 20, 2, 1)).hasMessageContaining("write memory");
        assertThatThrownBy(() -> new LakeConfig(512L << 20, 2, 256L << 20, 0, 1)).hasMessageContaining("write threads");
        assertThatThrownBy(() -> new LakeConfig(512L << 20, 2, 256L << 20, 2, 0)).hasMessageContaining("target file size");
        assertThat(LakeConfig.defaults().withQueryMemoryBytes(1L << 30).withQueryThreads(4).withTargetFileBytes(1 << 20))
                .isEqualTo(new LakeConfig(1L << 30, 4, 256L << 20, 2, 1 << 20));
    }
}
