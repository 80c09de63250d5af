-- Customer 360 without per-product columns: each module declares how its events fold into the person's product
-- summary (ProductSummaryFold); the summaries are one canonical JSON object per person, keyed by product, and the
-- products' filterable statuses a |product=status| list. The old columns cannot be turned into summaries (they lack
-- each product's first and last activity), so the view is rebuilt from the event log at the next start: the
-- fingerprint table is empty, which differs from the running declarations' fingerprint.
ALTER TABLE analytics_customer360 DROP COLUMN credit_card_status;
ALTER TABLE analytics_customer360 DROP COLUMN credit_card_current_limit;
ALTER TABLE analytics_customer360 DROP COLUMN credit_card_available_limit;
ALTER TABLE analytics_customer360 DROP COLUMN credit_card_currency;
ALTER TABLE analytics_customer360 DROP COLUMN card_as_of;
ALTER TABLE analytics_customer360 DROP COLUMN card_as_of_event_id;
ALTER TABLE analytics_customer360 DROP COLUMN last_navigation_at;
ALTER TABLE analytics_customer360 DROP COLUMN last_transaction_at;
ALTER TABLE analytics_customer360 DROP COLUMN login_count;
ALTER TABLE analytics_customer360 DROP COLUMN navigation_count;
ALTER TABLE analytics_customer360 DROP COLUMN purchase_count;
ALTER TABLE analytics_customer360 DROP COLUMN approved_purchase_count;
ALTER TABLE analytics_customer360 DROP COLUMN retention_status;
ALTER TABLE analytics_customer360 DROP COLUMN retention_risk_category;
ALTER TABLE analytics_customer360 DROP COLUMN retention_risk_severity;
ALTER TABLE analytics_customer360 DROP COLUMN retention_as_of;
ALTER TABLE analytics_customer360 DROP COLUMN retention_as_of_event_id;
ALTER TABLE analytics_customer360 ADD COLUMN statuses TEXT NOT NULL DEFAULT '';
ALTER TABLE analytics_customer360 ADD COLUMN summaries TEXT NOT NULL DEFAULT '{}';
CREATE TABLE analytics_customer360_fingerprint (fingerprint TEXT NOT NULL CONSTRAINT pk_analytics_customer360_fingerprint PRIMARY KEY);
