-- Cairn's scale-out store, shared by every node. Applied by Flyway at start (one node at a time: Flyway locks).

-- Metadata documents (identities, trails, delivery and digest state, signing keys, leases): opaque values under
-- (kind, scope, key). Keys sort by their UTF-8 bytes: the "C" collation.
CREATE TABLE documents (
    kind text NOT NULL,
    scope text NOT NULL,
    key text COLLATE "C" NOT NULL,
    value bytea NOT NULL,
    PRIMARY KEY (kind, scope, key)
);

-- One row. Every batch that appends events takes its positions here at the end of its transaction and holds the
-- row lock until COMMIT, so positions follow commit order across nodes (docs/design/journal-ordering.md);
-- metadata_version counts commits that changed documents (caches on every node compare it).
CREATE TABLE journal_head (
    id integer PRIMARY KEY CHECK (id = 1),
    last_position bigint NOT NULL,
    metadata_version bigint NOT NULL
);
INSERT INTO journal_head (id, last_position, metadata_version) VALUES (1, 0, 0);

-- The journal: every event, by position, until every consumer has passed it (then trimmed).
CREATE TABLE journal (
    position bigint PRIMARY KEY,
    event bytea NOT NULL
);

-- How far each consumer has processed the journal.
CREATE TABLE checkpoints (
    consumer text PRIMARY KEY,
    position bigint NOT NULL
);

-- Event history (LookupEvents), partitioned by UTC day of event time: retention drops whole days. Partitions
-- (history_events_YYYYMMDD, history_keys_YYYYMMDD) are created as events arrive.
CREATE TABLE history_events (
    event_time timestamptz NOT NULL,
    position bigint NOT NULL,
    event bytea NOT NULL,
    -- the event's lookup keys (as in history_keys, but for its event id): a GIN index finds the events that have
    -- several keys at once, which the lookup of a rare combination of frequent keys uses
    keys bigint[] NOT NULL,
    PRIMARY KEY (event_time, position)
) PARTITION BY RANGE (event_time);
CREATE INDEX history_events_keys ON history_events USING gin (keys);

-- One row per (event, lookup key): key is the 64-bit hash of (account, region, category, attribute, value) defined
-- by dev.cairn.spi.HistoryKeys, with one key per event for "all events". A lookup reads one key's rows newest first.
CREATE TABLE history_keys (
    key bigint NOT NULL,
    event_time timestamptz NOT NULL,
    position bigint NOT NULL,
    PRIMARY KEY (key, event_time, position)
) PARTITION BY RANGE (event_time);

-- How many history_keys rows each key has on each UTC day (day: days since 1970-01-01), written with them; event id
-- keys are not counted. A lookup reads only the days where every filter's key occurs, newest first, and picks its
-- plan from these counts. Deleting part of a day (retention) leaves its counts high, never low.
CREATE TABLE history_key_counts (
    key bigint NOT NULL,
    day integer NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (key, day)
);

-- The highest journal position indexed into the history: a consumer that gives entries again after a restart
-- changes nothing.
CREATE TABLE history_head (
    id integer PRIMARY KEY CHECK (id = 1),
    last_position bigint NOT NULL
);
INSERT INTO history_head (id, last_position) VALUES (1, 0);
