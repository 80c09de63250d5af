-- Customer 360 keeps the person's latest retention risk state (from the latest retention event carrying one).
ALTER TABLE analytics_customer360 ADD COLUMN retention_status TEXT NULL;
ALTER TABLE analytics_customer360 ADD COLUMN retention_risk_category TEXT NULL;
ALTER TABLE analytics_customer360 ADD COLUMN retention_risk_severity TEXT NULL;
ALTER TABLE analytics_customer360 ADD COLUMN retention_as_of INTEGER NULL;
ALTER TABLE analytics_customer360 ADD COLUMN retention_as_of_event_id TEXT NULL;
