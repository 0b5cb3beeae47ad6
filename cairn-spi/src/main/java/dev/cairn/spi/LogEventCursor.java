package dev.cairn.spi;

/**
 * A place in the {@code (timestamp, sequence)} order of log events, which is total: the paging cursor of
 * {@link LogEvents#read} and {@link LogEvents#scan}, exclusive. Any pair is valid; it need not be an event's.
 *
 * @param timestamp milliseconds since the epoch
 * @param sequence a store-assigned {@link StoredLogEvent#sequence}
 */
public record LogEventCursor(long timestamp, long sequence) {}
