-- The ingestion writer's append-only inbox (ADR 0010). Accepted events land here first, with no secondary index, and
-- are moved into analytics_events in large transactions sorted by (user, time). Each index then takes one write per
-- page touched per move instead of one per page per 500-event commit: the index maintenance that bounded ingestion.
CREATE TABLE analytics_events_inbox (
    seq INTEGER NOT NULL CONSTRAINT pk_analytics_events_inbox PRIMARY KEY,
    event_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    user_ecosystem_id TEXT NULL,
    anonymous_id TEXT NULL,
    journey_id TEXT NULL,
    channel TEXT NOT NULL,
    actor_role TEXT NULL,
    source TEXT NOT NULL,
    write_key_id TEXT NULL,
    metadata TEXT NOT NULL,
    context TEXT NULL
);
