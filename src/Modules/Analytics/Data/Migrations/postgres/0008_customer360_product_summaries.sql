-- Customer 360 without per-product columns: each module declares how its events fold into the person's product
-- summary (ProductSummaryFold); the summaries are one canonical JSON object per person, keyed by product, and the
-- products' filterable statuses a |product=status| list. The old columns cannot be turned into summaries (they lack
-- each product's first and last activity), so the view is rebuilt from the event log at the next start: the
-- fingerprint table is empty, which differs from the running declarations' fingerprint.
ALTER TABLE analytics.customer360
    DROP COLUMN credit_card_status,
    DROP COLUMN credit_card_current_limit,
    DROP COLUMN credit_card_available_limit,
    DROP COLUMN credit_card_currency,
    DROP COLUMN card_as_of,
    DROP COLUMN card_as_of_event_id,
    DROP COLUMN last_navigation_at,
    DROP COLUMN last_transaction_at,
    DROP COLUMN login_count,
    DROP COLUMN navigation_count,
    DROP COLUMN purchase_count,
    DROP COLUMN approved_purchase_count,
    DROP COLUMN retention_status,
    DROP COLUMN retention_risk_category,
    DROP COLUMN retention_risk_severity,
    DROP COLUMN retention_as_of,
    DROP COLUMN retention_as_of_event_id,
    ADD COLUMN statuses text NOT NULL DEFAULT '',
    ADD COLUMN summaries text NOT NULL DEFAULT '{}';
CREATE TABLE analytics.customer360_fingerprint (fingerprint text NOT NULL CONSTRAINT pk_customer360_fingerprint PRIMARY KEY);
