CREATE TABLE platform.webhook_deliveries (
    id varchar(40) NOT NULL CONSTRAINT pk_webhook_deliveries PRIMARY KEY,
    provider varchar(40) NOT NULL,
    event_id varchar(200) NULL,
    event_type varchar(200) NULL,
    status varchar(20) NOT NULL,
    received_at timestamptz NOT NULL,
    content_type varchar(100) NULL,
    body bytea NULL,
    body_size integer NOT NULL,
    attempts integer NOT NULL,
    redeliveries integer NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    processed_at timestamptz NULL,
    outcome varchar(1000) NULL,
    last_error varchar(1000) NULL,
    locked_by varchar(40) NULL,
    locked_until timestamptz NULL
);
CREATE UNIQUE INDEX ix_webhook_deliveries_provider_event_id ON platform.webhook_deliveries (provider, event_id);
CREATE INDEX ix_webhook_deliveries_status_next_attempt_at ON platform.webhook_deliveries (status, next_attempt_at);
CREATE TABLE platform.webhook_handled (
    delivery_id varchar(40) NOT NULL,
    handler varchar(100) NOT NULL,
    handled_at timestamptz NOT NULL,
    outcome varchar(500) NULL,
    CONSTRAINT pk_webhook_handled PRIMARY KEY (delivery_id, handler)
);
