ALTER TABLE analytics.events ADD COLUMN anonymous_id varchar(100) NULL;
ALTER TABLE analytics.events ADD COLUMN write_key_id varchar(40) NULL;
ALTER TABLE analytics.events ADD COLUMN context text NULL;
CREATE INDEX ix_events_anonymous_id ON analytics.events (anonymous_id);

CREATE TABLE analytics.quarantine (
    id varchar(40) NOT NULL CONSTRAINT pk_quarantine PRIMARY KEY,
    write_key_id varchar(40) NULL,
    received_at timestamptz NOT NULL,
    event_name varchar(200) NOT NULL,
    reason varchar(300) NOT NULL,
    payload text NOT NULL
);
CREATE INDEX ix_quarantine_received_at ON analytics.quarantine (received_at);

CREATE TABLE analytics.identities (
    anonymous_id varchar(100) NOT NULL CONSTRAINT pk_identities PRIMARY KEY,
    user_ecosystem_id varchar(64) NOT NULL,
    linked_at timestamptz NOT NULL
);
CREATE INDEX ix_identities_user_ecosystem_id ON analytics.identities (user_ecosystem_id);

CREATE TABLE analytics.event_stats (
    event_name varchar(200) NOT NULL CONSTRAINT pk_event_stats PRIMARY KEY,
    count bigint NOT NULL,
    last_seen_at timestamptz NOT NULL
);

CREATE TABLE analytics.write_keys (
    id varchar(40) NOT NULL CONSTRAINT pk_write_keys PRIMARY KEY,
    name varchar(100) NOT NULL,
    key_hash varchar(64) NOT NULL,
    key_prefix varchar(16) NOT NULL,
    policy varchar(32) NOT NULL,
    created_at timestamptz NOT NULL,
    created_by varchar(64) NOT NULL,
    revoked_at timestamptz NULL
);
CREATE UNIQUE INDEX ix_write_keys_key_hash ON analytics.write_keys (key_hash);

CREATE TABLE analytics.customer360 (
    user_ecosystem_id varchar(64) NOT NULL CONSTRAINT pk_customer360 PRIMARY KEY,
    first_seen_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    products varchar(500) NOT NULL,
    credit_card_status varchar(32) NOT NULL,
    credit_card_current_limit bigint NULL,
    credit_card_available_limit bigint NULL,
    credit_card_currency varchar(3) NULL,
    card_as_of timestamptz NULL,
    card_as_of_event_id varchar(64) NULL,
    engagement_score integer NOT NULL,
    engagement_weeks text NOT NULL,
    last_navigation_at timestamptz NULL,
    last_transaction_at timestamptz NULL,
    event_count bigint NOT NULL,
    login_count bigint NOT NULL,
    navigation_count bigint NOT NULL,
    purchase_count bigint NOT NULL,
    approved_purchase_count bigint NOT NULL
);
CREATE INDEX ix_customer360_last_seen_at ON analytics.customer360 (last_seen_at);
CREATE INDEX ix_customer360_engagement_score ON analytics.customer360 (engagement_score);
