-- The simulated payment gateway's own records (the embedded default provider): no card numbers, only brand, last four and expiry.
CREATE TABLE platform_sim_cards (
    id TEXT NOT NULL CONSTRAINT pk_platform_sim_cards PRIMARY KEY,
    customer_ref TEXT NOT NULL,
    gateway_customer_id TEXT NOT NULL,
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    exp_month INTEGER NOT NULL,
    exp_year INTEGER NOT NULL,
    behavior TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE platform_sim_charges (
    id TEXT NOT NULL CONSTRAINT pk_platform_sim_charges PRIMARY KEY,
    customer_ref TEXT NOT NULL,
    payment_method_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    outcome TEXT NOT NULL,
    decline_code TEXT NULL,
    message TEXT NULL,
    refunded INTEGER NOT NULL,
    description TEXT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE platform_sim_refunds (
    id TEXT NOT NULL CONSTRAINT pk_platform_sim_refunds PRIMARY KEY,
    charge_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    refunded_so_far INTEGER NOT NULL,
    reason TEXT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_platform_sim_refunds_charge_id ON platform_sim_refunds (charge_id);
CREATE TABLE platform_sim_subscriptions (
    id TEXT NOT NULL CONSTRAINT pk_platform_sim_subscriptions PRIMARY KEY,
    customer_ref TEXT NOT NULL,
    gateway_customer_id TEXT NOT NULL,
    payment_method_id TEXT NOT NULL,
    price_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    interval TEXT NOT NULL,
    status TEXT NOT NULL,
    current_period_end INTEGER NOT NULL,
    trial_end INTEGER NULL,
    cancel_at_period_end INTEGER NOT NULL,
    next_charge_at INTEGER NULL,
    failed_attempts INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_platform_sim_subscriptions_next_charge_at ON platform_sim_subscriptions (next_charge_at);
