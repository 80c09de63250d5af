-- Volume charts and exports read events by time alone.
CREATE INDEX ix_events_occurred_at ON analytics.events (occurred_at);
