CREATE TABLE platform.notifications (
    id varchar(40) NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    module varchar(40) NOT NULL,
    template varchar(100) NOT NULL,
    channel varchar(20) NOT NULL,
    recipient varchar(254) NOT NULL,
    user_ecosystem_id varchar(64) NULL,
    reference varchar(64) NULL,
    subject varchar(200) NULL,
    body varchar(4000) NOT NULL,
    link varchar(1000) NULL,
    status varchar(20) NOT NULL,
    attempts integer NOT NULL,
    created_at timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    sent_at timestamptz NULL,
    sent_via varchar(40) NULL,
    provider_message_id varchar(200) NULL,
    last_error varchar(1000) NULL,
    locked_by varchar(40) NULL,
    locked_until timestamptz NULL
);
CREATE INDEX ix_notifications_status_next_attempt_at ON platform.notifications (status, next_attempt_at);
CREATE INDEX ix_notifications_reference ON platform.notifications (reference);
