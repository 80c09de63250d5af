CREATE TABLE retention_customers (
    customer_id TEXT NOT NULL CONSTRAINT pk_retention_customers PRIMARY KEY,
    user_ecosystem_id TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NULL,
    plan TEXT NOT NULL,
    account_status TEXT NOT NULL,
    risk_category TEXT NULL,
    risk_severity TEXT NULL,
    risk_detected_at INTEGER NULL,
    last_payment_date INTEGER NULL,
    account_value INTEGER NOT NULL,
    currency TEXT NOT NULL,
    customer_since INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT ck_customers_account_value_positive CHECK (account_value > 0)
);
CREATE UNIQUE INDEX ix_retention_customers_user_ecosystem_id ON retention_customers (user_ecosystem_id);
CREATE INDEX ix_retention_customers_account_value_customer_id ON retention_customers (account_value, customer_id);

CREATE TABLE retention_payment_methods (
    payment_method_id TEXT NOT NULL CONSTRAINT pk_retention_payment_methods PRIMARY KEY,
    customer_id TEXT NOT NULL CONSTRAINT fk_payment_methods_customers REFERENCES retention_customers (customer_id),
    card_type TEXT NOT NULL,
    last_four_digits TEXT NOT NULL,
    expiry_month INTEGER NOT NULL,
    expiry_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    failure_count INTEGER NOT NULL,
    last_failure_date INTEGER NULL,
    last_success_date INTEGER NULL,
    is_default INTEGER NOT NULL,
    gateway TEXT NOT NULL,
    gateway_payment_method_id TEXT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT ck_payment_methods_expiry_month CHECK (expiry_month BETWEEN 1 AND 12),
    CONSTRAINT ck_payment_methods_failure_count CHECK (failure_count >= 0),
    CONSTRAINT ck_payment_methods_last_four CHECK (length(last_four_digits) = 4 AND last_four_digits NOT GLOB '*[^0-9]*')
);
CREATE INDEX ix_retention_payment_methods_customer_id ON retention_payment_methods (customer_id);

CREATE TABLE retention_chat_sessions (
    session_id TEXT NOT NULL CONSTRAINT pk_retention_chat_sessions PRIMARY KEY,
    customer_id TEXT NOT NULL CONSTRAINT fk_chat_sessions_customers REFERENCES retention_customers (customer_id),
    admin_user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT NULL,
    start_time INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    end_time INTEGER NULL,
    payment_attempted INTEGER NOT NULL,
    payment_attempts INTEGER NOT NULL,
    declines INTEGER NOT NULL,
    resolution_time INTEGER NULL,
    token_hash TEXT NOT NULL,
    risk_category TEXT NOT NULL,
    account_value INTEGER NOT NULL,
    currency TEXT NOT NULL,
    phrasing_seed INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT ck_chat_sessions_end_after_start CHECK (end_time IS NULL OR end_time > start_time),
    CONSTRAINT ck_chat_sessions_deadline_after_start CHECK (deadline > start_time)
);
CREATE UNIQUE INDEX ix_retention_chat_sessions_token_hash ON retention_chat_sessions (token_hash);
-- At most one open session per customer: two admins starting an intervention at once get one session.
CREATE UNIQUE INDEX ux_retention_chat_sessions_open_customer ON retention_chat_sessions (customer_id) WHERE end_time IS NULL;
CREATE INDEX ix_retention_chat_sessions_customer_id_session_id ON retention_chat_sessions (customer_id, session_id);
CREATE INDEX ix_retention_chat_sessions_start_time_session_id ON retention_chat_sessions (start_time, session_id);
CREATE INDEX ix_retention_chat_sessions_open_deadline ON retention_chat_sessions (deadline) WHERE end_time IS NULL;

CREATE TABLE retention_chat_messages (
    message_id TEXT NOT NULL CONSTRAINT pk_retention_chat_messages PRIMARY KEY,
    session_id TEXT NOT NULL CONSTRAINT fk_chat_messages_chat_sessions REFERENCES retention_chat_sessions (session_id),
    sequence INTEGER NOT NULL,
    sender TEXT NOT NULL,
    content TEXT NOT NULL,
    message_type TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    CONSTRAINT ck_chat_messages_content_not_empty CHECK (length(content) > 0)
);
CREATE UNIQUE INDEX ix_retention_chat_messages_session_id_sequence ON retention_chat_messages (session_id, sequence);

CREATE TABLE retention_notifications (
    notification_id TEXT NOT NULL CONSTRAINT pk_retention_notifications PRIMARY KEY,
    customer_id TEXT NOT NULL,
    session_id TEXT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER NULL
);
CREATE INDEX ix_retention_notifications_customer_id ON retention_notifications (customer_id);
CREATE INDEX ix_retention_notifications_status_notification_id ON retention_notifications (status, notification_id);
