-- Events without a journey (Segment SDK calls without context.journeyId, most server-to-server sources) are never
-- looked up by journey: index only the rows that have one, one B-tree write less per inbox move for the others.
DROP INDEX ix_analytics_events_journey_id_occurred_at;
CREATE INDEX ix_analytics_events_journey_id_occurred_at ON analytics_events (journey_id, occurred_at) WHERE journey_id IS NOT NULL;
