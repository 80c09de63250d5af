CREATE SCHEMA IF NOT EXISTS retention;

CREATE TABLE retention.customers (
    customer_id varchar(40) NOT NULL CONSTRAINT pk_customers PRIMARY KEY,
    user_ecosystem_id varchar(40) NOT NULL,
    name varchar(200) NOT NULL,
    email varchar(254) NOT NULL,
    phone varchar(32) NULL,
    plan varchar(100) NOT NULL,
    account_status varchar(32) NOT NULL,
    risk_category varchar(32) NULL,
    risk_severity varchar(32) NULL,
    risk_detected_at timestamptz NULL,
    last_payment_date timestamptz NULL,
    account_value bigint NOT NULL,
    currency varchar(3) NOT NULL,
    customer_since timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CONSTRAINT ck_customers_account_value_positive CHECK (account_value > 0)
);
CREATE UNIQUE INDEX ix_customers_user_ecosystem_id ON retention.customers (user_ecosystem_id);
CREATE INDEX ix_customers_account_value_customer_id ON retention.customers (account_value, customer_id);

CREATE TABLE retention.payment_methods (
    payment_method_id varchar(40) NOT NULL CONSTRAINT pk_payment_methods PRIMARY KEY,
    customer_id varchar(40) NOT NULL CONSTRAINT fk_payment_methods_customers REFERENCES retention.customers (customer_id),
    card_type varchar(20) NOT NULL,
    last_four_digits varchar(4) NOT NULL,
    expiry_month integer NOT NULL,
    expiry_year integer NOT NULL,
    status varchar(32) NOT NULL,
    failure_count integer NOT NULL,
    last_failure_date timestamptz NULL,
    last_success_date timestamptz NULL,
    is_default boolean NOT NULL,
    gateway varchar(20) NOT NULL,
    gateway_payment_method_id varchar(100) NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT ck_payment_methods_expiry_month CHECK (expiry_month BETWEEN 1 AND 12),
    CONSTRAINT ck_payment_methods_failure_count CHECK (failure_count >= 0),
    CONSTRAINT ck_payment_methods_last_four CHECK (last_four_digits ~ '^[0-9]{4}$')
);
CREATE INDEX ix_payment_methods_customer_id ON retention.payment_methods (customer_id);

CREATE TABLE retention.chat_sessions (
    session_id varchar(40) NOT NULL CONSTRAINT pk_chat_sessions PRIMARY KEY,
    customer_id varchar(40) NOT NULL CONSTRAINT fk_chat_sessions_customers REFERENCES retention.customers (customer_id),
    admin_user_id varchar(40) NOT NULL,
    status varchar(32) NOT NULL,
    outcome varchar(32) NULL,
    start_time timestamptz NOT NULL,
    deadline timestamptz NOT NULL,
    end_time timestamptz NULL,
    payment_attempted boolean NOT NULL,
    payment_attempts integer NOT NULL,
    declines integer NOT NULL,
    resolution_time integer NULL,
    token_hash varchar(64) NOT NULL,
    risk_category varchar(32) NOT NULL,
    account_value bigint NOT NULL,
    currency varchar(3) NOT NULL,
    phrasing_seed integer NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CONSTRAINT ck_chat_sessions_end_after_start CHECK (end_time IS NULL OR end_time > start_time),
    CONSTRAINT ck_chat_sessions_deadline_after_start CHECK (deadline > start_time)
);
CREATE UNIQUE INDEX ix_chat_sessions_token_hash ON retention.chat_sessions (token_hash);
-- At most one open session per customer: two admins starting an intervention at once get one session.
CREATE UNIQUE INDEX ux_chat_sessions_open_customer ON retention.chat_sessions (customer_id) WHERE end_time IS NULL;
CREATE INDEX ix_chat_sessions_customer_id_session_id ON retention.chat_sessions (customer_id, session_id);
CREATE INDEX ix_chat_sessions_start_time_session_id ON retention.chat_sessions (start_time, session_id);
CREATE INDEX ix_chat_sessions_open_deadline ON retention.chat_sessions (deadline) WHERE end_time IS NULL;

CREATE TABLE retention.chat_messages (
    message_id varchar(40) NOT NULL CONSTRAINT pk_chat_messages PRIMARY KEY,
    session_id varchar(40) NOT NULL CONSTRAINT fk_chat_messages_chat_sessions REFERENCES retention.chat_sessions (session_id),
    sequence integer NOT NULL,
    sender varchar(32) NOT NULL,
    content varchar(2000) NOT NULL,
    message_type varchar(32) NOT NULL,
    timestamp timestamptz NOT NULL,
    CONSTRAINT ck_chat_messages_content_not_empty CHECK (length(content) > 0)
);
CREATE UNIQUE INDEX ix_chat_messages_session_id_sequence ON retention.chat_messages (session_id, sequence);

CREATE TABLE retention.notifications (
    notification_id varchar(40) NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    customer_id varchar(40) NOT NULL,
    session_id varchar(40) NULL,
    channel varchar(10) NOT NULL,
    recipient varchar(254) NOT NULL,
    subject varchar(200) NOT NULL,
    body varchar(2000) NOT NULL,
    status varchar(20) NOT NULL,
    created_at timestamptz NOT NULL,
    delivered_at timestamptz NULL
);
CREATE INDEX ix_notifications_customer_id ON retention.notifications (customer_id);
CREATE INDEX ix_notifications_status_notification_id ON retention.notifications (status, notification_id);
