-- Volume charts and exports read events by time alone.
CREATE INDEX ix_analytics_events_occurred_at ON analytics_events (occurred_at);
