-- CloudWatch Logs log events (dev.cairn.spi.LogEvents), written in the batches that record them. Not metadata: they
-- leave journal_head.metadata_version alone.

-- Every log event. sequence is taken from the identity when the row is inserted, not when its transaction commits:
-- unique and never reused, but across nodes not in commit order. The message is its UTF-8 bytes (bytea, as text
-- cannot hold a NUL character). No primary key: the two indexes serve every query, and expire deletes by ctid.
-- Not partitioned by day as event history is: retention is per log group, so it deletes rows (oldest first, in
-- slices) rather than dropping a day's partition.
CREATE TABLE log_events (
    sequence bigint GENERATED ALWAYS AS IDENTITY,
    log_group text COLLATE "C" NOT NULL,
    log_stream text COLLATE "C" NOT NULL,
    timestamp bigint NOT NULL,
    ingestion_time bigint NOT NULL,
    message bytea NOT NULL
);
-- one stream in (timestamp, sequence) order (GetLogEvents, a stream's first and last timestamps)
CREATE INDEX log_events_by_stream ON log_events (log_group, log_stream, timestamp, sequence);
-- a group's streams interleaved (FilterLogEvents) and its oldest events (retention)
CREATE INDEX log_events_by_group ON log_events (log_group, timestamp, sequence);

-- Per stream, counted as its events are appended (at the end of the batch, in one order on every node) and deleted:
-- the sum of the messages' UTF-8 lengths and the latest ingestion time.
CREATE TABLE log_stream_statistics (
    log_group text COLLATE "C" NOT NULL,
    log_stream text COLLATE "C" NOT NULL,
    last_ingestion_time bigint NOT NULL,
    stored_bytes bigint NOT NULL,
    PRIMARY KEY (log_group, log_stream)
);
