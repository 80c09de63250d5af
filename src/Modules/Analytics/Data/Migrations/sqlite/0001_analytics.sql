CREATE TABLE analytics_events (
    event_id TEXT NOT NULL CONSTRAINT pk_analytics_events PRIMARY KEY,
    event_name TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    user_ecosystem_id TEXT NULL,
    journey_id TEXT NULL,
    channel TEXT NOT NULL,
    actor_role TEXT NULL,
    source TEXT NOT NULL,
    metadata TEXT NOT NULL
);
CREATE INDEX ix_analytics_events_user_ecosystem_id_occurred_at ON analytics_events (user_ecosystem_id, occurred_at);
CREATE INDEX ix_analytics_events_journey_id_occurred_at ON analytics_events (journey_id, occurred_at);
CREATE INDEX ix_analytics_events_event_name_occurred_at ON analytics_events (event_name, occurred_at);
