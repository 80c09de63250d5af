-- Stations and vouchers (seed 003, issue 20): stations, their operators, vouchers with one unique 5-character code,
-- the voucher_events history, and the metrics views.

CREATE SCHEMA IF NOT EXISTS vouchers;

CREATE TABLE vouchers.stations (
    station_id varchar(40) NOT NULL CONSTRAINT pk_stations PRIMARY KEY,
    name varchar(120) NOT NULL,
    engencode varchar(40) NOT NULL,
    owner_contact varchar(20) NULL,
    latitude double precision NULL,
    longitude double precision NULL,
    status varchar(10) NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ck_stations_status CHECK (status IN ('active', 'inactive'))
);
CREATE UNIQUE INDEX ux_stations_engencode ON vouchers.stations (engencode);

CREATE TABLE vouchers.station_operators (
    station_id varchar(40) NOT NULL CONSTRAINT fk_station_operators_stations REFERENCES vouchers.stations(station_id),
    user_ecosystem_id varchar(40) NOT NULL,
    bound_by varchar(40) NOT NULL,
    bound_at timestamptz NOT NULL,
    CONSTRAINT pk_station_operators PRIMARY KEY (station_id, user_ecosystem_id)
);
CREATE INDEX ix_station_operators_user ON vouchers.station_operators (user_ecosystem_id);

CREATE TABLE vouchers.vouchers (
    voucher_id varchar(40) NOT NULL CONSTRAINT pk_vouchers PRIMARY KEY,
    user_ecosystem_id varchar(40) NOT NULL,
    holder_phone varchar(20) NULL,
    station_scope varchar(40) NULL CONSTRAINT fk_vouchers_stations REFERENCES vouchers.stations(station_id),
    campaign_id varchar(60) NULL,
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    code varchar(5) NOT NULL,
    status varchar(10) NOT NULL,
    liability_account_id varchar(40) NOT NULL,
    redeemed_station_id varchar(40) NULL,
    redeemed_by varchar(40) NULL,
    ledger_transaction_id varchar(40) NULL,
    qr_file_id varchar(40) NULL,
    png_file_id varchar(40) NULL,
    metadata varchar(4000) NULL,
    created_by varchar(40) NOT NULL,
    issued_at timestamptz NOT NULL,
    sent_at timestamptz NULL,
    redeemed_at timestamptz NULL,
    expires_at timestamptz NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ck_vouchers_status CHECK (status IN ('issued', 'sent', 'redeemed', 'expired', 'void')),
    CONSTRAINT ck_vouchers_amount CHECK (amount > 0),
    CONSTRAINT ck_vouchers_code CHECK (length(code) = 5)
);
CREATE UNIQUE INDEX ux_vouchers_code ON vouchers.vouchers (code);
CREATE INDEX ix_vouchers_status ON vouchers.vouchers (status);
CREATE INDEX ix_vouchers_user ON vouchers.vouchers (user_ecosystem_id);
CREATE INDEX ix_vouchers_campaign ON vouchers.vouchers (campaign_id);
CREATE INDEX ix_vouchers_scope_status ON vouchers.vouchers (station_scope, status);
CREATE INDEX ix_vouchers_expiry ON vouchers.vouchers (status, expires_at);

CREATE TABLE vouchers.voucher_events (
    event_id varchar(40) NOT NULL CONSTRAINT pk_voucher_events PRIMARY KEY,
    voucher_id varchar(40) NOT NULL CONSTRAINT fk_voucher_events_vouchers REFERENCES vouchers.vouchers(voucher_id),
    event_type varchar(20) NOT NULL,
    actor_id varchar(40) NULL,
    station_id varchar(40) NULL,
    context varchar(2000) NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT ck_voucher_events_type CHECK (event_type IN ('issued', 'sent', 'redeemed', 'expired', 'void', 'policy_blocked'))
);
CREATE INDEX ix_voucher_events_voucher ON vouchers.voucher_events (voucher_id, created_at);
CREATE INDEX ix_voucher_events_type ON vouchers.voucher_events (event_type, created_at DESC);

-- Issued / sent / redeemed per day (UTC), per station and campaign, from the voucher history.
CREATE VIEW vouchers.view_voucher_metrics AS
SELECT to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
       COALESCE(e.station_id, v.station_scope) AS station_id,
       v.campaign_id AS campaign_id,
       SUM(CASE WHEN e.event_type = 'issued' THEN 1 ELSE 0 END)::bigint AS issued,
       SUM(CASE WHEN e.event_type = 'sent' THEN 1 ELSE 0 END)::bigint AS sent,
       SUM(CASE WHEN e.event_type = 'redeemed' THEN 1 ELSE 0 END)::bigint AS redeemed,
       SUM(CASE WHEN e.event_type = 'redeemed' THEN v.amount ELSE 0 END)::bigint AS redeemed_amount
FROM vouchers.voucher_events e JOIN vouchers.vouchers v ON v.voucher_id = e.voucher_id
WHERE e.event_type IN ('issued', 'sent', 'redeemed')
GROUP BY 1, 2, 3;

-- Station activity: redemptions and their total per station, and the last one.
CREATE VIEW vouchers.view_active_bars AS
SELECT s.station_id AS station_id, s.name AS name, s.status AS status,
       COUNT(v.voucher_id)::bigint AS redemptions,
       COALESCE(SUM(v.amount), 0)::bigint AS redeemed_amount,
       MAX(v.redeemed_at) AS last_redeemed_at
FROM vouchers.stations s LEFT JOIN vouchers.vouchers v ON v.redeemed_station_id = s.station_id AND v.status = 'redeemed'
GROUP BY s.station_id, s.name, s.status;
