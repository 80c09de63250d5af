-- Most events (all server events) carry no anonymous id: index only the rows that do, one B-tree write less per insert.
DROP INDEX ix_analytics_events_anonymous_id;
CREATE INDEX ix_analytics_events_anonymous_id ON analytics_events (anonymous_id) WHERE anonymous_id IS NOT NULL;
