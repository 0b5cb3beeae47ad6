package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

public class TestPoll
{
    private static final Duration SHORT = Duration.ofMillis(1);

    @Test
    public void returnsTheFirstValueThatIsDone()
    {
        AtomicInteger asked = new AtomicInteger();
        assertThat(Poll.until("three", Duration.ofSeconds(10), SHORT, asked::incrementAndGet, value -> value >= 3)).isEqualTo(3);
        assertThat(asked).hasValue(3);
    }

    @Test
    public void failsNamingWhatWasAwaitedAndTheLastValue()
    {
        assertThatThrownBy(() -> Poll.until("a green light", Duration.ofMillis(30), SHORT, () -> "red", "green"::equals))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Timed out after 30 ms waiting for a green light; the last value was: red");
    }

    @Test
    public void untilOrTimeoutReturnsTheLastValue()
    {
        assertThat(Poll.untilOrTimeout(Duration.ofMillis(30), SHORT, () -> "red", "green"::equals)).isEqualTo("red");
    }

    @Test
    public void asksAtLeastOnceAndAgainAfterTheTimeout()
    {
        AtomicInteger asked = new AtomicInteger();
        assertThat(Poll.untilOrTimeout(Duration.ZERO, SHORT, asked::incrementAndGet, value -> false)).isEqualTo(1);
    }

    @Test
    public void aFailingValueFailsTheWaitAtOnce()
    {
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> Poll.until("a file", Duration.ofSeconds(10), SHORT, () -> {
            asked.incrementAndGet();
            throw new IOException("unreadable");
        }, value -> true))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("unreadable");
        assertThat(asked).hasValue(1);
    }

    @Test
    public void aLongLastValueIsShortened()
    {
        String longValue = "x".repeat(5_000);
        assertThatThrownBy(() -> Poll.until("y", Duration.ZERO, SHORT, () -> longValue, value -> false))
                .hasMessageEndingWith("x... (5000 characters)");
    }
}
