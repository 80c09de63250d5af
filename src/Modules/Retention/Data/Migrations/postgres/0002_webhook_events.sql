-- Stripe webhook events already received (the endpoint is idempotent by event id).
CREATE TABLE retention.webhook_events (
    event_id varchar(100) NOT NULL CONSTRAINT pk_webhook_events PRIMARY KEY,
    type varchar(100) NOT NULL,
    object_id varchar(100) NULL,
    received_at timestamptz NOT NULL
);
