CREATE SCHEMA IF NOT EXISTS analytics;

CREATE TABLE analytics.events (
    event_id varchar(64) NOT NULL CONSTRAINT pk_events PRIMARY KEY,
    event_name varchar(200) NOT NULL,
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    user_ecosystem_id varchar(64) NULL,
    journey_id varchar(64) NULL,
    channel varchar(32) NOT NULL,
    actor_role varchar(32) NULL,
    source varchar(16) NOT NULL,
    metadata text NOT NULL
);
CREATE INDEX ix_events_user_ecosystem_id_occurred_at ON analytics.events (user_ecosystem_id, occurred_at);
CREATE INDEX ix_events_journey_id_occurred_at ON analytics.events (journey_id, occurred_at);
CREATE INDEX ix_events_event_name_occurred_at ON analytics.events (event_name, occurred_at);
