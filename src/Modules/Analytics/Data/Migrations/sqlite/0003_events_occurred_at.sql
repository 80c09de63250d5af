-- The lake export (ecosystem export events) reads one UTC day at a time in (occurred_at, event_id) order.
CREATE INDEX IF NOT EXISTS ix_analytics_events_occurred_at_event_id ON analytics_events (occurred_at, event_id);
