ALTER TABLE analytics_events ADD COLUMN anonymous_id TEXT NULL;
ALTER TABLE analytics_events ADD COLUMN write_key_id TEXT NULL;
ALTER TABLE analytics_events ADD COLUMN context TEXT NULL;
CREATE INDEX ix_analytics_events_anonymous_id ON analytics_events (anonymous_id);

CREATE TABLE analytics_quarantine (
    id TEXT NOT NULL CONSTRAINT pk_analytics_quarantine PRIMARY KEY,
    write_key_id TEXT NULL,
    received_at INTEGER NOT NULL,
    event_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX ix_analytics_quarantine_received_at ON analytics_quarantine (received_at);

CREATE TABLE analytics_identities (
    anonymous_id TEXT NOT NULL CONSTRAINT pk_analytics_identities PRIMARY KEY,
    user_ecosystem_id TEXT NOT NULL,
    linked_at INTEGER NOT NULL
);
CREATE INDEX ix_analytics_identities_user_ecosystem_id ON analytics_identities (user_ecosystem_id);

CREATE TABLE analytics_event_stats (
    event_name TEXT NOT NULL CONSTRAINT pk_analytics_event_stats PRIMARY KEY,
    count INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

CREATE TABLE analytics_write_keys (
    id TEXT NOT NULL CONSTRAINT pk_analytics_write_keys PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    key_prefix TEXT NOT NULL,
    policy TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at INTEGER NULL
);
CREATE UNIQUE INDEX ix_analytics_write_keys_key_hash ON analytics_write_keys (key_hash);

CREATE TABLE analytics_customer360 (
    user_ecosystem_id TEXT NOT NULL CONSTRAINT pk_analytics_customer360 PRIMARY KEY,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    products TEXT NOT NULL,
    credit_card_status TEXT NOT NULL,
    credit_card_current_limit INTEGER NULL,
    credit_card_available_limit INTEGER NULL,
    credit_card_currency TEXT NULL,
    card_as_of INTEGER NULL,
    card_as_of_event_id TEXT NULL,
    engagement_score INTEGER NOT NULL,
    engagement_weeks TEXT NOT NULL,
    last_navigation_at INTEGER NULL,
    last_transaction_at INTEGER NULL,
    event_count INTEGER NOT NULL,
    login_count INTEGER NOT NULL,
    navigation_count INTEGER NOT NULL,
    purchase_count INTEGER NOT NULL,
    approved_purchase_count INTEGER NOT NULL
);
CREATE INDEX ix_analytics_customer360_last_seen_at ON analytics_customer360 (last_seen_at);
CREATE INDEX ix_analytics_customer360_engagement_score ON analytics_customer360 (engagement_score);
