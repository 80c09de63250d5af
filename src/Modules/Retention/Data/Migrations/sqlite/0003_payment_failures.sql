-- Failed charges recorded by an admin or from Stripe webhooks, and the gateway's own customer id (Stripe cus_…).
ALTER TABLE retention_customers ADD COLUMN gateway_customer_id TEXT NULL;
CREATE UNIQUE INDEX ix_retention_customers_gateway_customer_id ON retention_customers (gateway_customer_id);

CREATE TABLE retention_payment_failures (
    payment_failure_id TEXT NOT NULL CONSTRAINT pk_retention_payment_failures PRIMARY KEY,
    customer_id TEXT NOT NULL CONSTRAINT fk_payment_failures_customers REFERENCES retention_customers (customer_id),
    payment_method_id TEXT NOT NULL CONSTRAINT fk_payment_failures_payment_methods REFERENCES retention_payment_methods (payment_method_id),
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    reason TEXT NOT NULL,
    source TEXT NOT NULL,
    external_ref TEXT NULL,
    occurred_at INTEGER NOT NULL,
    CONSTRAINT ck_payment_failures_amount_positive CHECK (amount > 0)
);
CREATE INDEX ix_retention_payment_failures_customer_id_payment_failure_id ON retention_payment_failures (customer_id, payment_failure_id);
CREATE INDEX ix_retention_payment_failures_payment_method_id ON retention_payment_failures (payment_method_id);
