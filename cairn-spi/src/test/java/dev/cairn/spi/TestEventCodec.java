package dev.cairn.spi;

import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.TestEvents;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public class TestEventCodec
{
    @Test
    public void roundTripsPlainAndCompressed()
    {
        EventRecord event = TestEvents.event("111111111111", "us-east-1", Instant.parse("2026-11-24T12:00:00Z"), "CreateUser", "alice",
                List.of(new LookupResource("AWS::IAM::User", "bob")));
        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
        byte[] compressed = EventCodec.encodeCompressed(event);
        assertThat(EventCodec.decode(compressed)).isEqualTo(event);
        assertThat(compressed.length).isLessThan(EventCodec.encode(event).length);
    }

    @Test
    public void roundTripsDataEvents()
    {
        EventRecord event = TestEvents.dataEvent("111111111111", "us-east-1", Instant.parse("2026-11-24T12:00:00Z"), "GetObject", "alice", "photos", "cat.jpg");
        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
        assertThat(EventCodec.decode(EventCodec.encodeCompressed(event))).isEqualTo(event);
        assertThat(EventCodec.decode(EventCodec.encodeCompressed(event)).category()).isEqualTo(EventCategory.DATA);
    }
}
