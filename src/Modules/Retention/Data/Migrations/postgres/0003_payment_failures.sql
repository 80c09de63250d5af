-- Failed charges recorded by an admin or from Stripe webhooks, and the gateway's own customer id (Stripe cus_…).
ALTER TABLE retention.customers ADD COLUMN gateway_customer_id varchar(100) NULL;
CREATE UNIQUE INDEX ix_customers_gateway_customer_id ON retention.customers (gateway_customer_id);

CREATE TABLE retention.payment_failures (
    payment_failure_id varchar(40) NOT NULL CONSTRAINT pk_payment_failures PRIMARY KEY,
    customer_id varchar(40) NOT NULL CONSTRAINT fk_payment_failures_customers REFERENCES retention.customers (customer_id),
    payment_method_id varchar(40) NOT NULL CONSTRAINT fk_payment_failures_payment_methods REFERENCES retention.payment_methods (payment_method_id),
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    reason varchar(200) NOT NULL,
    source varchar(20) NOT NULL,
    external_ref varchar(100) NULL,
    occurred_at timestamptz NOT NULL,
    CONSTRAINT ck_payment_failures_amount_positive CHECK (amount > 0)
);
CREATE INDEX ix_payment_failures_customer_id_payment_failure_id ON retention.payment_failures (customer_id, payment_failure_id);
CREATE INDEX ix_payment_failures_payment_method_id ON retention.payment_failures (payment_method_id);
