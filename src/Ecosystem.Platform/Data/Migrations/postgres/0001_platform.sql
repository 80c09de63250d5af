CREATE SCHEMA IF NOT EXISTS platform;

CREATE TABLE platform.audit_log (
    id varchar(40) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_id varchar(64) NOT NULL,
    actor_role varchar(32) NOT NULL,
    action varchar(100) NOT NULL,
    target_type varchar(50) NOT NULL,
    target_id varchar(64) NOT NULL,
    before text NULL,
    after text NULL,
    changes text NOT NULL,
    journey_id varchar(64) NULL
);
CREATE INDEX ix_audit_log_target_type_target_id ON platform.audit_log (target_type, target_id);
CREATE INDEX ix_audit_log_actor_id ON platform.audit_log (actor_id);
-- The audit log is append-only.
CREATE FUNCTION platform.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON platform.audit_log
    FOR EACH ROW EXECUTE FUNCTION platform.audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON platform.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION platform.audit_log_append_only();

CREATE TABLE platform.outbox (
    id varchar(40) NOT NULL CONSTRAINT pk_outbox PRIMARY KEY,
    event_name varchar(200) NOT NULL,
    occurred_at timestamptz NOT NULL,
    user_ecosystem_id varchar(64) NULL,
    journey_id varchar(64) NULL,
    channel varchar(32) NOT NULL,
    actor_role varchar(32) NULL,
    metadata text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    delivered_at timestamptz NULL,
    last_error varchar(1000) NULL,
    locked_by varchar(64) NULL,
    locked_until timestamptz NULL
);
CREATE INDEX ix_outbox_delivered_at_next_attempt_at ON platform.outbox (delivered_at, next_attempt_at);

CREATE TABLE platform.idempotency_keys (
    scope varchar(200) NOT NULL,
    key varchar(255) NOT NULL,
    request_hash varchar(64) NOT NULL,
    state varchar(32) NOT NULL,
    response_status integer NULL,
    response_content_type varchar(100) NULL,
    response_body text NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (scope, key)
);
CREATE INDEX ix_idempotency_keys_expires_at ON platform.idempotency_keys (expires_at);
