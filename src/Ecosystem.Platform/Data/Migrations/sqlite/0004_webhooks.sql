CREATE TABLE platform_webhook_deliveries (
    id TEXT NOT NULL CONSTRAINT pk_platform_webhook_deliveries PRIMARY KEY,
    provider TEXT NOT NULL,
    event_id TEXT NULL,
    event_type TEXT NULL,
    status TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    content_type TEXT NULL,
    body BLOB NULL,
    body_size INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    redeliveries INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    processed_at INTEGER NULL,
    outcome TEXT NULL,
    last_error TEXT NULL,
    locked_by TEXT NULL,
    locked_until INTEGER NULL
);
CREATE UNIQUE INDEX ix_platform_webhook_deliveries_provider_event_id ON platform_webhook_deliveries (provider, event_id);
CREATE INDEX ix_platform_webhook_deliveries_status_next_attempt_at ON platform_webhook_deliveries (status, next_attempt_at);
CREATE TABLE platform_webhook_handled (
    delivery_id TEXT NOT NULL,
    handler TEXT NOT NULL,
    handled_at INTEGER NOT NULL,
    outcome TEXT NULL,
    CONSTRAINT pk_platform_webhook_handled PRIMARY KEY (delivery_id, handler)
);
