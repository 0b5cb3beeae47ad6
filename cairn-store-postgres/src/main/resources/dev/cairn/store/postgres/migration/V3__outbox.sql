-- Messages waiting to be delivered (dev.cairn.spi.Outbox): SNS deliveries to HTTP/HTTPS endpoints, later EventBridge
-- targets. Enqueued in the batches that make them (not metadata: journal_head.metadata_version is left alone); claimed,
-- rescheduled and deleted by senders on any node, each in its own short transaction. Times are epoch milliseconds;
-- lease_until is 0 when the message is not claimed.
CREATE TABLE outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    destination text COLLATE "C" NOT NULL,
    payload bytea NOT NULL,
    enqueued bigint NOT NULL,
    not_before bigint NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    lease_until bigint NOT NULL DEFAULT 0
);
-- a destination's due messages, longest due first
CREATE INDEX outbox_by_destination ON outbox (destination, not_before, id);
-- the destinations with messages due
CREATE INDEX outbox_by_time ON outbox (not_before);
