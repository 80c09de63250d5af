-- The marketplace (seed 003 phase 5, issue 19): vendor and buyer profiles, intents, quotes, purchases, commission schedules.

CREATE SCHEMA IF NOT EXISTS marketplace;

CREATE TABLE marketplace.vendors (
    tenant_id text NOT NULL,
    user_ecosystem_id text NOT NULL,
    display_name text NOT NULL,
    region text NOT NULL,
    categories text NOT NULL,
    rating_centi integer NOT NULL,
    fulfilment_bp integer NOT NULL,
    avg_response_seconds integer NOT NULL,
    quotes integer NOT NULL,
    trips integer NOT NULL,
    cancelled integer NOT NULL,
    wallet_account_id text NOT NULL,
    currency text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT pk_marketplace_vendors PRIMARY KEY (tenant_id, user_ecosystem_id),
    CONSTRAINT ck_marketplace_vendors_figures CHECK (rating_centi BETWEEN 0 AND 500 AND fulfilment_bp BETWEEN 0 AND 10000)
);
CREATE TABLE marketplace.buyers (
    tenant_id text NOT NULL,
    user_ecosystem_id text NOT NULL,
    segment text NOT NULL,
    wallet_account_id text NOT NULL,
    currency text NOT NULL,
    intents integer NOT NULL,
    purchases_completed integer NOT NULL,
    spent bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT pk_marketplace_buyers PRIMARY KEY (tenant_id, user_ecosystem_id)
);
CREATE TABLE marketplace.intents (
    intent_id text NOT NULL CONSTRAINT pk_marketplace_intents PRIMARY KEY,
    tenant_id text NOT NULL,
    buyer_user_id text NOT NULL,
    channel text NOT NULL,
    category text NOT NULL,
    region text NOT NULL,
    description text NOT NULL,
    payload text NULL,
    status text NOT NULL,
    accepted_quote_id text NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE TABLE marketplace.quotes (
    quote_id text NOT NULL CONSTRAINT pk_marketplace_quotes PRIMARY KEY,
    tenant_id text NOT NULL,
    intent_id text NOT NULL CONSTRAINT fk_marketplace_quotes_intents REFERENCES marketplace.intents(intent_id),
    vendor_user_id text NOT NULL,
    price bigint NOT NULL,
    currency text NOT NULL,
    eta_minutes integer NOT NULL,
    note text NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL,
    accepted_at timestamptz NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ck_marketplace_quotes_price CHECK (price > 0)
);
CREATE TABLE marketplace.purchases (
    purchase_id text NOT NULL CONSTRAINT pk_marketplace_purchases PRIMARY KEY,
    tenant_id text NOT NULL,
    intent_id text NOT NULL CONSTRAINT fk_marketplace_purchases_intents REFERENCES marketplace.intents(intent_id),
    quote_id text NOT NULL CONSTRAINT fk_marketplace_purchases_quotes REFERENCES marketplace.quotes(quote_id),
    buyer_user_id text NOT NULL,
    vendor_user_id text NOT NULL,
    category text NOT NULL,
    amount bigint NOT NULL,
    currency text NOT NULL,
    commission bigint NOT NULL,
    vendor_net bigint NOT NULL,
    commission_schedule_id text NULL,
    hold_transfer_id text NOT NULL,
    commission_transfer_id text NULL,
    status text NOT NULL,
    reason text NULL,
    created_at timestamptz NOT NULL,
    fulfilled_at timestamptz NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ck_marketplace_purchases_split CHECK (commission >= 0 AND vendor_net >= 0 AND commission + vendor_net = amount)
);
CREATE TABLE marketplace.commission_schedules (
    schedule_id text NOT NULL CONSTRAINT pk_marketplace_commission_schedules PRIMARY KEY,
    tenant_id text NOT NULL,
    category text NOT NULL,
    rate_bp integer NOT NULL,
    flat_fee bigint NOT NULL,
    currency text NOT NULL,
    effective_from timestamptz NOT NULL,
    note text NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT ck_marketplace_commission_schedules_rate CHECK (rate_bp BETWEEN 0 AND 10000 AND flat_fee >= 0)
);
CREATE INDEX ix_marketplace_intents_tenant_buyer ON marketplace.intents (tenant_id, buyer_user_id, created_at);
CREATE INDEX ix_marketplace_intents_tenant_status ON marketplace.intents (tenant_id, status, expires_at);
CREATE UNIQUE INDEX ux_marketplace_quotes_intent_vendor ON marketplace.quotes (intent_id, vendor_user_id);
CREATE INDEX ix_marketplace_quotes_tenant_vendor ON marketplace.quotes (tenant_id, vendor_user_id, created_at);
CREATE UNIQUE INDEX ux_marketplace_purchases_quote ON marketplace.purchases (quote_id);
CREATE UNIQUE INDEX ux_marketplace_purchases_intent ON marketplace.purchases (intent_id);
CREATE INDEX ix_marketplace_purchases_tenant_buyer ON marketplace.purchases (tenant_id, buyer_user_id, created_at);
CREATE INDEX ix_marketplace_purchases_tenant_vendor ON marketplace.purchases (tenant_id, vendor_user_id, created_at);
CREATE INDEX ix_marketplace_commission_schedules_lookup ON marketplace.commission_schedules (tenant_id, category, effective_from);
