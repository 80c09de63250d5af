-- The lake export (ecosystem export events) reads one UTC day at a time in (occurred_at, event_id COLLATE "C")
-- order: ordinal event ids, the same order as on SQLite. Plain CREATE INDEX blocks writes to analytics.events
-- while it builds; on a large table, create it beforehand with CREATE INDEX CONCURRENTLY under this name.
CREATE INDEX IF NOT EXISTS ix_events_occurred_at_event_id ON analytics.events (occurred_at, event_id COLLATE "C");
