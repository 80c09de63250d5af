-- Stations and vouchers (seed 003, issue 20): stations, their operators, vouchers with one unique 5-character code,
-- the voucher_events history, and the metrics views. Times are UTC microseconds since 1970.

CREATE TABLE vouchers_stations (
    station_id TEXT NOT NULL CONSTRAINT pk_vouchers_stations PRIMARY KEY,
    name TEXT NOT NULL,
    engencode TEXT NOT NULL,
    owner_contact TEXT NULL,
    latitude REAL NULL,
    longitude REAL NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT ck_vouchers_stations_status CHECK (status IN ('active', 'inactive'))
);
CREATE UNIQUE INDEX ux_vouchers_stations_engencode ON vouchers_stations (engencode);

CREATE TABLE vouchers_station_operators (
    station_id TEXT NOT NULL CONSTRAINT fk_vouchers_station_operators_stations REFERENCES vouchers_stations(station_id),
    user_ecosystem_id TEXT NOT NULL,
    bound_by TEXT NOT NULL,
    bound_at INTEGER NOT NULL,
    CONSTRAINT pk_vouchers_station_operators PRIMARY KEY (station_id, user_ecosystem_id)
);
CREATE INDEX ix_vouchers_station_operators_user ON vouchers_station_operators (user_ecosystem_id);

CREATE TABLE vouchers_vouchers (
    voucher_id TEXT NOT NULL CONSTRAINT pk_vouchers_vouchers PRIMARY KEY,
    user_ecosystem_id TEXT NOT NULL,
    holder_phone TEXT NULL,
    station_scope TEXT NULL CONSTRAINT fk_vouchers_vouchers_stations REFERENCES vouchers_stations(station_id),
    campaign_id TEXT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    code TEXT NOT NULL,
    status TEXT NOT NULL,
    liability_account_id TEXT NOT NULL,
    redeemed_station_id TEXT NULL,
    redeemed_by TEXT NULL,
    ledger_transaction_id TEXT NULL,
    qr_file_id TEXT NULL,
    png_file_id TEXT NULL,
    metadata TEXT NULL,
    created_by TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    sent_at INTEGER NULL,
    redeemed_at INTEGER NULL,
    expires_at INTEGER NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT ck_vouchers_vouchers_status CHECK (status IN ('issued', 'sent', 'redeemed', 'expired', 'void')),
    CONSTRAINT ck_vouchers_vouchers_amount CHECK (amount > 0),
    CONSTRAINT ck_vouchers_vouchers_code CHECK (length(code) = 5)
);
CREATE UNIQUE INDEX ux_vouchers_vouchers_code ON vouchers_vouchers (code);
CREATE INDEX ix_vouchers_vouchers_status ON vouchers_vouchers (status);
CREATE INDEX ix_vouchers_vouchers_user ON vouchers_vouchers (user_ecosystem_id);
CREATE INDEX ix_vouchers_vouchers_campaign ON vouchers_vouchers (campaign_id);
CREATE INDEX ix_vouchers_vouchers_scope_status ON vouchers_vouchers (station_scope, status);
CREATE INDEX ix_vouchers_vouchers_expiry ON vouchers_vouchers (status, expires_at);

CREATE TABLE vouchers_voucher_events (
    event_id TEXT NOT NULL CONSTRAINT pk_vouchers_voucher_events PRIMARY KEY,
    voucher_id TEXT NOT NULL CONSTRAINT fk_vouchers_voucher_events_vouchers REFERENCES vouchers_vouchers(voucher_id),
    event_type TEXT NOT NULL,
    actor_id TEXT NULL,
    station_id TEXT NULL,
    context TEXT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT ck_vouchers_voucher_events_type CHECK (event_type IN ('issued', 'sent', 'redeemed', 'expired', 'void', 'policy_blocked'))
);
CREATE INDEX ix_vouchers_voucher_events_voucher ON vouchers_voucher_events (voucher_id, created_at);
CREATE INDEX ix_vouchers_voucher_events_type ON vouchers_voucher_events (event_type, created_at DESC);

-- Issued / sent / redeemed per day (UTC), per station and campaign, from the voucher history.
CREATE VIEW vouchers_view_voucher_metrics AS
SELECT date(e.created_at / 1000000, 'unixepoch') AS day,
       COALESCE(e.station_id, v.station_scope) AS station_id,
       v.campaign_id AS campaign_id,
       SUM(CASE WHEN e.event_type = 'issued' THEN 1 ELSE 0 END) AS issued,
       SUM(CASE WHEN e.event_type = 'sent' THEN 1 ELSE 0 END) AS sent,
       SUM(CASE WHEN e.event_type = 'redeemed' THEN 1 ELSE 0 END) AS redeemed,
       SUM(CASE WHEN e.event_type = 'redeemed' THEN v.amount ELSE 0 END) AS redeemed_amount
FROM vouchers_voucher_events e JOIN vouchers_vouchers v ON v.voucher_id = e.voucher_id
WHERE e.event_type IN ('issued', 'sent', 'redeemed')
GROUP BY 1, 2, 3;

-- Station activity: redemptions and their total per station, and the last one.
CREATE VIEW vouchers_view_active_bars AS
SELECT s.station_id AS station_id, s.name AS name, s.status AS status,
       COUNT(v.voucher_id) AS redemptions,
       COALESCE(SUM(v.amount), 0) AS redeemed_amount,
       MAX(v.redeemed_at) AS last_redeemed_at
FROM vouchers_stations s LEFT JOIN vouchers_vouchers v ON v.redeemed_station_id = s.station_id AND v.status = 'redeemed'
GROUP BY s.station_id, s.name, s.status;
