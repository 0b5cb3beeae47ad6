package dev.cairn.spi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link LogEvents} and {@link LogEventWriter}. Every store implementation extends this suite
 * unchanged.
 */
public abstract class AbstractLogEventsTest
{
    private static final String GROUP = "111111111111/us-east-1/app";
    private static final String OTHER_GROUP = "111111111111/us-west-2/app";
    private static final long T0 = 1_800_000_000_000L;
    private static final long ALL_FROM = 0;
    private static final long ALL_TO = Long.MAX_VALUE;

    protected Store store;
    private LogEvents logEvents;

    /** A new, empty store. */
    protected abstract Store createStore()
            throws IOException;

    /** Another store over the same data, as a second node would open it; closed by the test. */
    protected abstract Store openAnotherNode()
            throws IOException;

    @BeforeEach
    public void setUpStore()
            throws IOException
    {
        store = createStore();
        logEvents = store.logEvents();
    }

    @AfterEach
    public void tearDownStore()
            throws IOException
    {
        store.close();
    }

    private static LogEvent event(long timestamp, String message)
    {
        return new LogEvent(timestamp, T0 + 1_000_000, message);
    }

    /** Appends each list to its stream of {@link #GROUP}, in one committed batch. */
    private void append(String stream, List<LogEvent> events)
            throws IOException
    {
        append(GROUP, stream, events);
    }

    private void append(String group, String stream, List<LogEvent> events)
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            batch.logEvents().append(group, stream, events);
            batch.commit();
        }
    }

    private static List<String> messages(List<StoredLogEvent> events)
    {
        return events.stream().map(StoredLogEvent::message).toList();
    }

    private List<StoredLogEvent> read(String stream, long from, long to, boolean ascending, Optional<LogEventCursor> after, int limit)
            throws IOException
    {
        return logEvents.read(GROUP, stream, from, to, ascending, after, limit);
    }

    /** Every page of a read from the start, {@code pageSize} at a time, each resumed from the last one's cursor. */
    private List<StoredLogEvent> readPaged(String stream, long from, long to, boolean ascending, int pageSize)
            throws IOException
    {
        return paged(after -> read(stream, from, to, ascending, after, pageSize), pageSize);
    }

    private List<StoredLogEvent> scanPaged(Set<String> streams, long from, long to, int pageSize)
            throws IOException
    {
        return paged(after -> logEvents.scan(GROUP, streams, from, to, after, pageSize), pageSize);
    }

    private interface Page
    {
        List<StoredLogEvent> read(Optional<LogEventCursor> after)
                throws IOException;
    }

    private static List<StoredLogEvent> paged(Page page, int pageSize)
            throws IOException
    {
        List<StoredLogEvent> all = new ArrayList<>();
        Optional<LogEventCursor> after = Optional.empty();
        while (true) {
            List<StoredLogEvent> events = page.read(after);
            assertThat(events).hasSizeLessThanOrEqualTo(pageSize);
            all.addAll(events);
            if (events.size() < pageSize) {
                return all;
            }
            after = Optional.of(events.get(events.size() - 1).cursor());
        }
    }

    private static final Comparator<StoredLogEvent> ORDER = Comparator.comparingLong(StoredLogEvent::timestamp).thenComparingLong(StoredLogEvent::sequence);

    @Test
    public void readsAStreamInOrderBothWaysWithPagingAndTimeBounds()
            throws IOException
    {
        // appended out of timestamp order, across batches; equal timestamps keep the order they were appended in
        append("web", List.of(event(T0 + 10, "b"), event(T0 + 20, "d"), event(T0 + 30, "f")));
        append("web", List.of(event(T0 + 15, "c"), event(T0 + 20, "e"), event(T0 + 40, "g")));
        append("web", List.of(event(T0 + 5, "a")));
        append("worker", List.of(event(T0 + 12, "other stream")));
        append(OTHER_GROUP, "web", List.of(event(T0 + 12, "other group")));

        List<StoredLogEvent> ascending = read("web", ALL_FROM, ALL_TO, true, Optional.empty(), 100);
        assertThat(messages(ascending)).containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(ascending).isSortedAccordingTo(ORDER).allSatisfy(event -> assertThat(event.stream()).isEqualTo("web"));
        assertThat(ascending.get(0)).isEqualTo(new StoredLogEvent("web", T0 + 5, T0 + 1_000_000, ascending.get(0).sequence(), "a"));
        // sequences follow the order of appending
        assertThat(ascending.get(3).sequence()).isLessThan(ascending.get(2).sequence());
        assertThat(ascending.get(0).sequence()).isGreaterThan(ascending.get(6).sequence());
        assertThat(messages(read("web", ALL_FROM, ALL_TO, false, Optional.empty(), 100))).containsExactly("g", "f", "e", "d", "c", "b", "a");

        for (int pageSize = 1; pageSize <= 4; pageSize++) {
            assertThat(readPaged("web", ALL_FROM, ALL_TO, true, pageSize)).isEqualTo(ascending);
            assertThat(readPaged("web", ALL_FROM, ALL_TO, false, pageSize)).isEqualTo(reversed(ascending));
        }

        // from inclusive, to exclusive
        assertThat(messages(read("web", T0 + 10, T0 + 30, true, Optional.empty(), 100))).containsExactly("b", "c", "d", "e");
        assertThat(messages(read("web", T0 + 10, T0 + 30, false, Optional.empty(), 100))).containsExactly("e", "d", "c", "b");
        assertThat(messages(readPaged("web", T0 + 10, T0 + 30, true, 1))).containsExactly("b", "c", "d", "e");
        assertThat(messages(readPaged("web", T0 + 10, T0 + 30, false, 1))).containsExactly("e", "d", "c", "b");
        assertThat(read("web", T0 + 30, T0 + 30, true, Optional.empty(), 100)).isEmpty();
        assertThat(read("web", T0 + 31, T0 + 30, false, Optional.empty(), 100)).isEmpty();

        // a cursor between "d" and "e", which have the same timestamp
        LogEventCursor afterD = ascending.get(3).cursor();
        assertThat(messages(read("web", ALL_FROM, ALL_TO, true, Optional.of(afterD), 2))).containsExactly("e", "f");
        assertThat(messages(read("web", ALL_FROM, ALL_TO, false, Optional.of(afterD), 2))).containsExactly("c", "b");
        assertThat(messages(read("web", T0 + 10, T0 + 30, true, Optional.of(afterD), 100))).containsExactly("e");
        assertThat(messages(read("web", T0 + 16, T0 + 30, false, Optional.of(afterD), 100))).isEmpty();
        // a cursor that is no event's; cursors outside the time range
        assertThat(messages(read("web", ALL_FROM, ALL_TO, true, Optional.of(new LogEventCursor(T0 + 20, Long.MAX_VALUE)), 100))).containsExactly("f", "g");
        assertThat(messages(read("web", ALL_FROM, ALL_TO, false, Optional.of(new LogEventCursor(T0 + 20, Long.MIN_VALUE)), 100))).containsExactly("c", "b", "a");
        assertThat(messages(read("web", T0 + 10, T0 + 30, true, Optional.of(new LogEventCursor(T0, 0)), 100))).containsExactly("b", "c", "d", "e");
        assertThat(read("web", T0 + 10, T0 + 30, true, Optional.of(new LogEventCursor(T0 + 30, 0)), 100)).isEmpty();
        assertThat(messages(read("web", T0 + 10, T0 + 30, false, Optional.of(new LogEventCursor(T0 + 99, 0)), 100))).containsExactly("e", "d", "c", "b");
        assertThat(read("web", T0 + 10, T0 + 30, false, Optional.of(new LogEventCursor(T0 + 10, 0)), 100)).isEmpty();

        assertThat(read("nothing", ALL_FROM, ALL_TO, true, Optional.empty(), 100)).isEmpty();
        assertThat(messages(logEvents.read(OTHER_GROUP, "web", ALL_FROM, ALL_TO, true, Optional.empty(), 100))).containsExactly("other group");
        assertThatThrownBy(() -> read("web", ALL_FROM, ALL_TO, true, Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void scanInterleavesStreams()
            throws IOException
    {
        append("a", List.of(event(T0 + 1, "a1"), event(T0 + 4, "a4"), event(T0 + 7, "a7")));
        append("b", List.of(event(T0 + 2, "b2"), event(T0 + 4, "b4"), event(T0 + 8, "b8")));
        append("c", List.of(event(T0 + 3, "c3"), event(T0 + 9, "c9")));
        append(OTHER_GROUP, "a", List.of(event(T0 + 5, "other group")));

        List<StoredLogEvent> all = logEvents.scan(GROUP, Set.of(), ALL_FROM, ALL_TO, Optional.empty(), 100);
        assertThat(messages(all)).containsExactly("a1", "b2", "c3", "a4", "b4", "a7", "b8", "c9");
        assertThat(all).isSortedAccordingTo(ORDER);
        assertThat(all).extracting(StoredLogEvent::stream).containsExactly("a", "b", "c", "a", "b", "a", "b", "c");
        assertThat(messages(logEvents.scan(GROUP, Set.of("a", "c"), ALL_FROM, ALL_TO, Optional.empty(), 100))).containsExactly("a1", "c3", "a4", "a7", "c9");
        assertThat(messages(logEvents.scan(GROUP, Set.of("b"), ALL_FROM, ALL_TO, Optional.empty(), 100))).containsExactly("b2", "b4", "b8");
        assertThat(logEvents.scan(GROUP, Set.of("none"), ALL_FROM, ALL_TO, Optional.empty(), 100)).isEmpty();
        assertThat(messages(logEvents.scan(GROUP, Set.of("a", "b"), T0 + 4, T0 + 8, Optional.empty(), 100))).containsExactly("a4", "b4", "a7");

        for (int pageSize = 1; pageSize <= 3; pageSize++) {
            assertThat(scanPaged(Set.of(), ALL_FROM, ALL_TO, pageSize)).isEqualTo(all);
            assertThat(messages(scanPaged(Set.of("a", "b"), T0 + 2, T0 + 9, pageSize))).containsExactly("b2", "a4", "b4", "a7", "b8");
        }
        // a cursor between the two events of T0 + 4, and one before the time range
        LogEventCursor afterA4 = all.get(3).cursor();
        assertThat(messages(logEvents.scan(GROUP, Set.of(), ALL_FROM, ALL_TO, Optional.of(afterA4), 2))).containsExactly("b4", "a7");
        assertThat(messages(logEvents.scan(GROUP, Set.of("b", "c"), ALL_FROM, ALL_TO, Optional.of(afterA4), 2))).containsExactly("b4", "b8");
        assertThat(messages(logEvents.scan(GROUP, Set.of("c"), T0 + 5, ALL_TO, Optional.of(afterA4), 2))).containsExactly("c9");
    }

    /** Up to 100 streams, the most a scan merges the index ranges of, and more, for which it filters the group's. */
    @Test
    public void scanOfManyStreams()
            throws IOException
    {
        Set<String> wanted = new HashSet<>();
        Set<String> hundred = new HashSet<>();
        List<String> expected = new ArrayList<>();
        List<String> expectedOfHundred = new ArrayList<>();
        try (WriteBatch batch = store.beginBatch()) {
            for (int i = 0; i < 150; i++) {
                String stream = "stream-" + i + (i % 10 == 0 ? " \"quoted\\\" \t" : "");
                batch.logEvents().append(GROUP, stream, List.of(event(T0 + 150 - i, "m" + i)));
                if (i % 5 != 0) {
                    wanted.add(stream);
                    expected.add(0, "m" + i);
                }
                if (i < 100) {
                    hundred.add(stream);
                    expectedOfHundred.add(0, "m" + i);
                }
            }
            batch.commit();
        }
        assertThat(wanted).hasSize(120);
        assertThat(messages(logEvents.scan(GROUP, wanted, ALL_FROM, ALL_TO, Optional.empty(), 1_000))).isEqualTo(expected);
        assertThat(messages(scanPaged(wanted, ALL_FROM, ALL_TO, 7))).isEqualTo(expected);
        assertThat(messages(scanPaged(hundred, ALL_FROM, ALL_TO, 7))).isEqualTo(expectedOfHundred);
        Map<String, LogStreamStatistics> statistics = logEvents.streamStatistics(GROUP, wanted);
        assertThat(statistics).hasSize(120);
        assertThat(statistics.values()).allSatisfy(each -> assertThat(each.storedBytes()).isBetween(2L, 4L));
    }

    @Test
    public void savepointsAndUncommittedBatchesUndoLogEvents()
            throws Exception
    {
        append("kept", List.of(event(T0, "before")));
        try (WriteBatch batch = store.beginBatch()) {
            batch.savepoint();
            batch.logEvents().append(GROUP, "kept", List.of(event(T0 + 1, "first call")));
            batch.releaseSavepoint();

            batch.savepoint();
            batch.logEvents().append(GROUP, "kept", List.of(event(T0 + 2, "failed call")));
            batch.logEvents().append(GROUP, "undone", List.of(event(T0 + 2, "failed call")));
            batch.rollbackToSavepoint();

            // deletes are undone as well, with the statistics
            batch.savepoint();
            batch.logEvents().append(GROUP, "kept", List.of(event(T0 + 3, "appended, then deleted")));
            batch.logEvents().deleteStream(GROUP, "kept");
            batch.rollbackToSavepoint();
            batch.savepoint();
            batch.logEvents().deleteGroup(GROUP);
            batch.rollbackToSavepoint();

            batch.savepoint();
            batch.logEvents().append(GROUP, "kept", List.of(event(T0 + 4, "last call")));
            batch.releaseSavepoint();

            // readers see nothing of an open batch
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                assertThat(executor.submit(() -> messages(read("kept", ALL_FROM, ALL_TO, true, Optional.empty(), 100))).get(10, TimeUnit.SECONDS)).containsExactly("before");
            }
            finally {
                executor.shutdownNow();
            }
            batch.commit();
        }
        assertThat(messages(read("kept", ALL_FROM, ALL_TO, true, Optional.empty(), 100))).containsExactly("before", "first call", "last call");
        assertThat(read("undone", ALL_FROM, ALL_TO, true, Optional.empty(), 100)).isEmpty();
        assertThat(logEvents.streamStatistics(GROUP, Set.of("kept", "undone"))).isEqualTo(Map.of(
                "kept", new LogStreamStatistics(OptionalLong.of(T0), OptionalLong.of(T0 + 4), OptionalLong.of(T0 + 1_000_000), bytes("before", "first call", "last call")),
                "undone", LogStreamStatistics.EMPTY));
        assertThat(logEvents.storedBytes(GROUP)).isEqualTo(bytes("before", "first call", "last call"));

        try (WriteBatch batch = store.beginBatch()) {
            batch.logEvents().append(GROUP, "kept", List.of(event(T0 + 5, "never committed")));
            batch.logEvents().deleteGroup(OTHER_GROUP);
        }
        assertThat(messages(read("kept", ALL_FROM, ALL_TO, true, Optional.empty(), 100))).containsExactly("before", "first call", "last call");
        assertThat(logEvents.storedBytes(GROUP)).isEqualTo(bytes("before", "first call", "last call"));
    }

    @Test
    public void deletesStreamsAndGroups()
            throws IOException
    {
        append("a", List.of(event(T0, "a1"), event(T0 + 1, "a2")));
        append("b", List.of(event(T0, "b1")));
        append(OTHER_GROUP, "a", List.of(event(T0, "other group")));

        try (WriteBatch batch = store.beginBatch()) {
            batch.logEvents().deleteStream(GROUP, "a");
            // deleting what does not exist is no error
            batch.logEvents().deleteStream(GROUP, "none");
            batch.logEvents().deleteGroup("no such group");
            batch.commit();
        }
        assertThat(read("a", ALL_FROM, ALL_TO, true, Optional.empty(), 100)).isEmpty();
        assertThat(messages(logEvents.scan(GROUP, Set.of(), ALL_FROM, ALL_TO, Optional.empty(), 100))).containsExactly("b1");
        assertThat(logEvents.streamStatistics(GROUP, Set.of("a"))).containsEntry("a", LogStreamStatistics.EMPTY);
        assertThat(logEvents.storedBytes(GROUP)).isEqualTo(2);

        // a stream deleted and written again in one batch keeps only what came after
        try (WriteBatch batch = store.beginBatch()) {
            batch.logEvents().append(GROUP, "b", List.of(event(T0 + 1, "b2")));
            batch.logEvents().deleteStream(GROUP, "b");
            batch.logEvents().append(GROUP, "b", List.of(event(T0 + 2, "b3")));
            batch.commit();
        }
        assertThat(messages(read("b", ALL_FROM, ALL_TO, true, Optional.empty(), 100))).containsExactly("b3");
        assertThat(logEvents.streamStatistics(GROUP, Set.of("b")).get("b").storedBytes()).isEqualTo(2);

        try (WriteBatch batch = store.beginBatch()) {
            batch.logEvents().append(GROUP, "c", List.of(event(T0 + 1, "c1")));
            batch.logEvents().deleteGroup(GROUP);
            batch.logEvents().append(GROUP, "d", List.of(event(T0 + 1, "d1")));
            batch.commit();
        }
        assertThat(messages(logEvents.scan(GROUP, Set.of(), ALL_FROM, ALL_TO, Optional.empty(), 100))).containsExactly("d1");
        assertThat(logEvents.storedBytes(GROUP)).isEqualTo(2);
        assertThat(logEvents.streamStatistics(GROUP, Set.of("b", "c", "d")).get("b")).isEqualTo(LogStreamStatistics.EMPTY);

        try (WriteBatch batch = store.beginBatch()) {
            batch.logEvents().deleteGroup(GROUP);
            batch.commit();
        }
        assertThat(logEvents.scan(GROUP, Set.of(), ALL_FROM, ALL_TO, Optional.empty(), 100)).isEmpty();
        assertThat(logEvents.storedBytes(GROUP)).isZero();
        assertThat(messages(logEvents.scan(OTHER_GROUP, Set.of(), ALL_FROM, ALL_TO, Optional.empty(), 100))).containsExactly("other group");
        assertThat(logEvents.storedBytes(OTHER_GROUP)).isEqualTo(bytes("other group"));
    }

    @Test
    public void expiresOldestFirstInSlices()
            throws IOException
    {
        // 25 events in two streams, timestamps T0 .. T0 + 24 alternating between them; 10 more in another group
        try (WriteBatch batch = store.beginBatch()) {
            for (int i = 0; i < 25; i++) {
                batch.logEvents().append(GROUP, i % 2 == 0 ? "even" : "odd", List.of(event(T0 + i, "event " + i)));
            }
            for (int i = 0; i < 10; i++) {
                batch.logEvents().append(OTHER_GROUP, "even", List.of(event(T0 + i, "other " + i)));
            }
            batch.commit();
        }
        long bytesBefore = logEvents.storedBytes(GROUP);

        // 22 are older than T0 + 22
        assertThat(logEvents.expire(GROUP, T0 + 22, 10)).isEqualTo(10);
        assertThat(logEvents.scan(GROUP, Set.of(), ALL_FROM, ALL_TO, Optional.empty(), 100)).first().extracting(StoredLogEvent::timestamp).isEqualTo(T0 + 10);
        assertThat(logEvents.expire(GROUP, T0 + 22, 10)).isEqualTo(10);
        assertThat(logEvents.expire(GROUP, T0 + 22, 10)).isEqualTo(2);
        assertThat(logEvents.expire(GROUP, T0 + 22, 10)).isZero();
        assertThat(messages(logEvents.scan(GROUP, Set.of(), ALL_FROM, ALL_TO, Optional.empty(), 100))).containsExactly("event 22", "event 23", "event 24");
        assertThat(logEvents.storedBytes(GROUP)).isEqualTo(bytes("event 22", "event 23", "event 24"));
        assertThat(bytesBefore).isGreaterThan(logEvents.storedBytes(GROUP));
        assertThat(logEvents.streamStatistics(GROUP, Set.of("even", "odd"))).isEqualTo(Map.of(
                "even", new LogStreamStatistics(OptionalLong.of(T0 + 22), OptionalLong.of(T0 + 24), OptionalLong.of(T0 + 1_000_000), bytes("event 22", "event 24")),
                "odd", new LogStreamStatistics(OptionalLong.of(T0 + 23), OptionalLong.of(T0 + 23), OptionalLong.of(T0 + 1_000_000), bytes("event 23"))));
        assertThat(logEvents.scan(OTHER_GROUP, Set.of(), ALL_FROM, ALL_TO, Optional.empty(), 100)).hasSize(10);

        // everything: a stream with no events left keeps its last ingestion time
        assertThat(logEvents.expire(GROUP, ALL_TO, 100)).isEqualTo(3);
        assertThat(logEvents.streamStatistics(GROUP, Set.of("even")).get("even"))
                .isEqualTo(new LogStreamStatistics(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(T0 + 1_000_000), 0));
        assertThat(logEvents.storedBytes(GROUP)).isZero();
        assertThatThrownBy(() -> logEvents.expire(GROUP, ALL_TO, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void statistics()
            throws IOException
    {
        // UTF-8 lengths: 1, 2, 3 and 4 bytes a character; a NUL character is kept
        append("multibyte", List.of(new LogEvent(T0 + 30, T0 + 100, "a"), new LogEvent(T0 + 10, T0 + 300, "é"), new LogEvent(T0 + 20, T0 + 200, "€")));
        append("multibyte", List.of(new LogEvent(T0 + 5, T0 + 150, "\uD83D\uDE00"), new LogEvent(T0 + 50, T0 + 250, "nul \u0000 inside")));
        append("empty list", List.of());

        Map<String, LogStreamStatistics> statistics = logEvents.streamStatistics(GROUP, Set.of("multibyte", "empty list", "never"));
        assertThat(statistics).isEqualTo(Map.of(
                "multibyte", new LogStreamStatistics(OptionalLong.of(T0 + 5), OptionalLong.of(T0 + 50), OptionalLong.of(T0 + 300), 1 + 2 + 3 + 4 + 12),
                "empty list", LogStreamStatistics.EMPTY,
                "never", LogStreamStatistics.EMPTY));
        assertThat(logEvents.streamStatistics(GROUP, Set.of())).isEmpty();
        assertThat(logEvents.storedBytes(GROUP)).isEqualTo(1 + 2 + 3 + 4 + 12);
        assertThat(logEvents.storedBytes(OTHER_GROUP)).isZero();
        assertThat(messages(read("multibyte", ALL_FROM, ALL_TO, true, Optional.empty(), 100))).containsExactly("\uD83D\uDE00", "é", "€", "a", "nul \u0000 inside");

        append("second", List.of(event(T0, "12345")));
        assertThat(logEvents.storedBytes(GROUP)).isEqualTo(1 + 2 + 3 + 4 + 12 + 5);
    }

    @Test
    public void logEventsAreNotMetadata()
            throws IOException
    {
        long version = store.metadataVersion();
        append("a", List.of(event(T0, "one")));
        try (WriteBatch batch = store.beginBatch()) {
            batch.savepoint();
            batch.logEvents().append(GROUP, "b", List.of(event(T0, "two")));
            batch.logEvents().deleteStream(GROUP, "a");
            batch.releaseSavepoint();
            batch.commit();
        }
        try (WriteBatch batch = store.beginBatch()) {
            batch.logEvents().deleteGroup(GROUP);
            batch.commit();
        }
        assertThat(store.metadataVersion()).isEqualTo(version);
    }

    /** PutLogEvents' largest call, 2,500 events to a millisecond, paged through and expired in slices. */
    @Test
    public void tenThousandEventsInOneBatch()
            throws IOException
    {
        int count = 10_000;
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new LogEvent(T0 + i / 2_500, T0 + 60_000, "event %05d %s".formatted(i, "x".repeat(i % 100))));
        }
        append("big", events);

        List<StoredLogEvent> ascending = readPaged("big", ALL_FROM, ALL_TO, true, 500);
        assertThat(messages(ascending)).isEqualTo(events.stream().map(LogEvent::message).toList());
        assertThat(ascending).isSortedAccordingTo(ORDER);
        assertThat(ascending.stream().map(StoredLogEvent::sequence).distinct().count()).isEqualTo(count);
        assertThat(readPaged("big", ALL_FROM, ALL_TO, false, 1_000)).isEqualTo(reversed(ascending));
        assertThat(scanPaged(Set.of(), ALL_FROM, ALL_TO, 1_000)).isEqualTo(ascending);
        assertThat(scanPaged(Set.of("big", "small"), T0 + 1, T0 + 3, 1_000)).isEqualTo(ascending.subList(2_500, 7_500));

        long bytes = events.stream().mapToLong(event -> event.message().getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(logEvents.storedBytes(GROUP)).isEqualTo(bytes);
        assertThat(logEvents.streamStatistics(GROUP, Set.of("big")).get("big"))
                .isEqualTo(new LogStreamStatistics(OptionalLong.of(T0), OptionalLong.of(T0 + 3), OptionalLong.of(T0 + 60_000), bytes));

        // more than one slice at a time
        assertThat(logEvents.expire(GROUP, ALL_TO, 7_000)).isEqualTo(7_000);
        assertThat(read("big", ALL_FROM, ALL_TO, true, Optional.empty(), 1)).containsExactly(ascending.get(7_000));
        assertThat(logEvents.expire(GROUP, ALL_TO, 7_000)).isEqualTo(3_000);
        assertThat(logEvents.storedBytes(GROUP)).isZero();
    }

    /**
     * Two nodes append to the same two streams at once, in opposite orders: every event is kept with its own sequence,
     * the statistics count them all, and no batch conflicts with another (statistics rows are locked in one order).
     */
    @Test
    public void twoNodesAppendToTheSameStreams()
            throws Exception
    {
        int batches = 50;
        int eventsPerStream = 10;
        int conflicts;
        try (Store other = openAnotherNode()) {
            conflicts = ConcurrentBatches.run(List.of(store, other), batches, (node, i, batch) -> {
                List<String> streams = node == store ? List.of("a", "b") : List.of("b", "a");
                for (String stream : streams) {
                    List<LogEvent> events = new ArrayList<>();
                    for (int j = 0; j < eventsPerStream; j++) {
                        events.add(event(T0 + j, "node %s batch %d event %d".formatted(streams.get(0), i, j)));
                    }
                    batch.logEvents().append(GROUP, stream, events);
                }
            });
        }
        List<StoredLogEvent> all = scanPaged(Set.of(), ALL_FROM, ALL_TO, 1_000);
        assertThat(all).hasSize(2 * batches * 2 * eventsPerStream);
        assertThat(all.stream().map(StoredLogEvent::sequence).distinct().count()).isEqualTo(all.size());
        for (String stream : List.of("a", "b")) {
            long bytes = all.stream().filter(event -> event.stream().equals(stream)).mapToLong(event -> event.message().getBytes(StandardCharsets.UTF_8).length).sum();
            assertThat(logEvents.streamStatistics(GROUP, Set.of(stream)).get(stream).storedBytes()).isEqualTo(bytes);
        }
        assertThat(conflicts).isZero();
    }

    private static List<StoredLogEvent> reversed(List<StoredLogEvent> events)
    {
        List<StoredLogEvent> reversed = new ArrayList<>(events);
        Collections.reverse(reversed);
        return reversed;
    }

    private static long bytes(String... messages)
    {
        long bytes = 0;
        for (String message : messages) {
            bytes += message.getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }
}
