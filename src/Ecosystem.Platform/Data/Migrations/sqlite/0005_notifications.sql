CREATE TABLE platform_notifications (
    id TEXT NOT NULL CONSTRAINT pk_platform_notifications PRIMARY KEY,
    module TEXT NOT NULL,
    template TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    user_ecosystem_id TEXT NULL,
    reference TEXT NULL,
    subject TEXT NULL,
    body TEXT NOT NULL,
    link TEXT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    sent_at INTEGER NULL,
    sent_via TEXT NULL,
    provider_message_id TEXT NULL,
    last_error TEXT NULL,
    locked_by TEXT NULL,
    locked_until INTEGER NULL
);
CREATE INDEX ix_platform_notifications_status_next_attempt_at ON platform_notifications (status, next_attempt_at);
CREATE INDEX ix_platform_notifications_reference ON platform_notifications (reference);
