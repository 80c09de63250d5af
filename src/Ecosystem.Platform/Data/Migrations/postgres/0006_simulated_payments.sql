-- The simulated payment gateway's own records (the embedded default provider): no card numbers, only brand, last four and expiry.
CREATE TABLE platform.sim_cards (
    id varchar(40) NOT NULL CONSTRAINT pk_sim_cards PRIMARY KEY,
    customer_ref varchar(64) NOT NULL,
    gateway_customer_id varchar(40) NOT NULL,
    brand varchar(20) NOT NULL,
    last4 varchar(4) NOT NULL,
    exp_month integer NOT NULL,
    exp_year integer NOT NULL,
    behavior varchar(40) NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE platform.sim_charges (
    id varchar(40) NOT NULL CONSTRAINT pk_sim_charges PRIMARY KEY,
    customer_ref varchar(64) NOT NULL,
    payment_method_id varchar(40) NOT NULL,
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    outcome varchar(30) NOT NULL,
    decline_code varchar(60) NULL,
    message varchar(300) NULL,
    refunded bigint NOT NULL,
    description varchar(300) NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE platform.sim_refunds (
    id varchar(40) NOT NULL CONSTRAINT pk_sim_refunds PRIMARY KEY,
    charge_id varchar(40) NOT NULL,
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    refunded_so_far bigint NOT NULL,
    reason varchar(300) NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_sim_refunds_charge_id ON platform.sim_refunds (charge_id);
CREATE TABLE platform.sim_subscriptions (
    id varchar(40) NOT NULL CONSTRAINT pk_sim_subscriptions PRIMARY KEY,
    customer_ref varchar(64) NOT NULL,
    gateway_customer_id varchar(40) NOT NULL,
    payment_method_id varchar(40) NOT NULL,
    price_id varchar(100) NOT NULL,
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    interval varchar(10) NOT NULL,
    status varchar(20) NOT NULL,
    current_period_end timestamptz NOT NULL,
    trial_end timestamptz NULL,
    cancel_at_period_end boolean NOT NULL,
    next_charge_at timestamptz NULL,
    failed_attempts integer NOT NULL,
    metadata varchar(2000) NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_sim_subscriptions_next_charge_at ON platform.sim_subscriptions (next_charge_at);
