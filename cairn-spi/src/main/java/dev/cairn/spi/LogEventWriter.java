package dev.cairn.spi;

import java.io.IOException;
import java.util.List;

/**
 * Writes CloudWatch Logs log events inside a {@link WriteBatch}: they commit with the batch (a PutLogEvents call's
 * events with its journal event), roll back with its savepoints, and are visible to readers only once it commits.
 * They are not metadata: they do not change {@link Store#metadataVersion()}.
 *
 * <p>A {@code group} is an opaque key the caller forms (for example {@code account/region/name}); a {@code stream} is a
 * log stream's name within it. Neither needs to exist anywhere else: the store keeps no list of groups or streams.
 *
 * <p>Not thread-safe: used by the batch's writer thread.
 */
public interface LogEventWriter
{
    /**
     * Appends the events to the stream; each gets a new sequence, increasing in the order given. The events need not
     * be in timestamp order, nor later than the stream's earlier events: readers order by
     * {@code (timestamp, sequence)}.
     */
    void append(String group, String stream, List<LogEvent> events)
            throws IOException;

    /**
     * Deletes the stream's events and statistics. Takes time proportional to the stream's events, inside the batch:
     * that is, on the journal writer's critical path.
     */
    void deleteStream(String group, String stream)
            throws IOException;

    /**
     * Deletes the events and statistics of every stream of the group, in time proportional to its events (see
     * {@link #deleteStream}). A caller that must not hold the writer that long can first delete most of them in
     * slices, off the writer's path, with {@link LogEvents#expire}.
     */
    void deleteGroup(String group)
            throws IOException;
}
