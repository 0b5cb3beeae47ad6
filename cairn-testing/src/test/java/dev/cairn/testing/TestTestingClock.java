package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

public class TestTestingClock
{
    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    public void standsStillUntilAdvanced()
    {
        TestingClock clock = new TestingClock(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.advance(Duration.ofSeconds(70))).isEqualTo(START.plusSeconds(70));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(70));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void startsAtTheRealNow()
    {
        Instant before = Instant.now();
        Instant start = new TestingClock().instant();
        assertThat(start).isBetween(before, Instant.now());
    }

    @Test
    public void anotherZoneSharesTheTime()
    {
        TestingClock clock = new TestingClock(START);
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(paris.instant()).isEqualTo(START.plusSeconds(60));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }
}
