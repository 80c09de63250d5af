-- Events without a journey (Segment SDK calls without context.journeyId, most server-to-server sources) are never
-- looked up by journey: index only the rows that have one.
DROP INDEX analytics.ix_events_journey_id_occurred_at;
CREATE INDEX ix_events_journey_id_occurred_at ON analytics.events (journey_id, occurred_at) WHERE journey_id IS NOT NULL;
