CREATE TABLE platform_audit_log (
    id TEXT NOT NULL CONSTRAINT pk_platform_audit_log PRIMARY KEY,
    occurred_at INTEGER NOT NULL,
    actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    before TEXT NULL,
    after TEXT NULL,
    changes TEXT NOT NULL,
    journey_id TEXT NULL
);
CREATE INDEX ix_platform_audit_log_target_type_target_id ON platform_audit_log (target_type, target_id);
CREATE INDEX ix_platform_audit_log_actor_id ON platform_audit_log (actor_id);
-- The audit log is append-only.
CREATE TRIGGER platform_audit_log_no_update BEFORE UPDATE ON platform_audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER platform_audit_log_no_delete BEFORE DELETE ON platform_audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE platform_outbox (
    id TEXT NOT NULL CONSTRAINT pk_platform_outbox PRIMARY KEY,
    event_name TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    user_ecosystem_id TEXT NULL,
    journey_id TEXT NULL,
    channel TEXT NOT NULL,
    actor_role TEXT NULL,
    metadata TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at INTEGER NULL,
    last_error TEXT NULL,
    locked_by TEXT NULL,
    locked_until INTEGER NULL
);
CREATE INDEX ix_platform_outbox_delivered_at_next_attempt_at ON platform_outbox (delivered_at, next_attempt_at);

CREATE TABLE platform_idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    response_status INTEGER NULL,
    response_content_type TEXT NULL,
    response_body TEXT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    CONSTRAINT pk_platform_idempotency_keys PRIMARY KEY (scope, key)
);
CREATE INDEX ix_platform_idempotency_keys_expires_at ON platform_idempotency_keys (expires_at);
