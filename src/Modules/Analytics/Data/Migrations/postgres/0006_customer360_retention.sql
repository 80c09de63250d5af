-- Customer 360 keeps the person's latest retention risk state (from the latest retention event carrying one).
ALTER TABLE analytics.customer360
    ADD COLUMN retention_status varchar(32) NULL,
    ADD COLUMN retention_risk_category varchar(32) NULL,
    ADD COLUMN retention_risk_severity varchar(32) NULL,
    ADD COLUMN retention_as_of timestamptz NULL,
    ADD COLUMN retention_as_of_event_id varchar(64) NULL;
