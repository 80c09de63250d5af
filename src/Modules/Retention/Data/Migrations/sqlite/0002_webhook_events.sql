-- Stripe webhook events already received (the endpoint is idempotent by event id).
CREATE TABLE retention_webhook_events (
    event_id TEXT NOT NULL CONSTRAINT pk_retention_webhook_events PRIMARY KEY,
    type TEXT NOT NULL,
    object_id TEXT NULL,
    received_at INTEGER NOT NULL
);
