-- The marketplace (seed 003 phase 5, issue 19): vendor and buyer profiles, intents, quotes, purchases, commission schedules.

CREATE TABLE marketplace_vendors (
    tenant_id TEXT NOT NULL,
    user_ecosystem_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    region TEXT NOT NULL,
    categories TEXT NOT NULL,
    rating_centi INTEGER NOT NULL,
    fulfilment_bp INTEGER NOT NULL,
    avg_response_seconds INTEGER NOT NULL,
    quotes INTEGER NOT NULL,
    trips INTEGER NOT NULL,
    cancelled INTEGER NOT NULL,
    wallet_account_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT pk_marketplace_vendors PRIMARY KEY (tenant_id, user_ecosystem_id),
    CONSTRAINT ck_marketplace_vendors_figures CHECK (rating_centi BETWEEN 0 AND 500 AND fulfilment_bp BETWEEN 0 AND 10000)
);
CREATE TABLE marketplace_buyers (
    tenant_id TEXT NOT NULL,
    user_ecosystem_id TEXT NOT NULL,
    segment TEXT NOT NULL,
    wallet_account_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    intents INTEGER NOT NULL,
    purchases_completed INTEGER NOT NULL,
    spent INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT pk_marketplace_buyers PRIMARY KEY (tenant_id, user_ecosystem_id)
);
CREATE TABLE marketplace_intents (
    intent_id TEXT NOT NULL CONSTRAINT pk_marketplace_intents PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    buyer_user_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    region TEXT NOT NULL,
    description TEXT NOT NULL,
    payload TEXT NULL,
    status TEXT NOT NULL,
    accepted_quote_id TEXT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE marketplace_quotes (
    quote_id TEXT NOT NULL CONSTRAINT pk_marketplace_quotes PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    intent_id TEXT NOT NULL CONSTRAINT fk_marketplace_quotes_intents REFERENCES marketplace_intents(intent_id),
    vendor_user_id TEXT NOT NULL,
    price INTEGER NOT NULL,
    currency TEXT NOT NULL,
    eta_minutes INTEGER NOT NULL,
    note TEXT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    accepted_at INTEGER NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT ck_marketplace_quotes_price CHECK (price > 0)
);
CREATE TABLE marketplace_purchases (
    purchase_id TEXT NOT NULL CONSTRAINT pk_marketplace_purchases PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    intent_id TEXT NOT NULL CONSTRAINT fk_marketplace_purchases_intents REFERENCES marketplace_intents(intent_id),
    quote_id TEXT NOT NULL CONSTRAINT fk_marketplace_purchases_quotes REFERENCES marketplace_quotes(quote_id),
    buyer_user_id TEXT NOT NULL,
    vendor_user_id TEXT NOT NULL,
    category TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    commission INTEGER NOT NULL,
    vendor_net INTEGER NOT NULL,
    commission_schedule_id TEXT NULL,
    hold_transfer_id TEXT NOT NULL,
    commission_transfer_id TEXT NULL,
    status TEXT NOT NULL,
    reason TEXT NULL,
    created_at INTEGER NOT NULL,
    fulfilled_at INTEGER NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT ck_marketplace_purchases_split CHECK (commission >= 0 AND vendor_net >= 0 AND commission + vendor_net = amount)
);
CREATE TABLE marketplace_commission_schedules (
    schedule_id TEXT NOT NULL CONSTRAINT pk_marketplace_commission_schedules PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    category TEXT NOT NULL,
    rate_bp INTEGER NOT NULL,
    flat_fee INTEGER NOT NULL,
    currency TEXT NOT NULL,
    effective_from INTEGER NOT NULL,
    note TEXT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT ck_marketplace_commission_schedules_rate CHECK (rate_bp BETWEEN 0 AND 10000 AND flat_fee >= 0)
);
CREATE INDEX ix_marketplace_intents_tenant_buyer ON marketplace_intents (tenant_id, buyer_user_id, created_at);
CREATE INDEX ix_marketplace_intents_tenant_status ON marketplace_intents (tenant_id, status, expires_at);
CREATE UNIQUE INDEX ux_marketplace_quotes_intent_vendor ON marketplace_quotes (intent_id, vendor_user_id);
CREATE INDEX ix_marketplace_quotes_tenant_vendor ON marketplace_quotes (tenant_id, vendor_user_id, created_at);
CREATE UNIQUE INDEX ux_marketplace_purchases_quote ON marketplace_purchases (quote_id);
CREATE UNIQUE INDEX ux_marketplace_purchases_intent ON marketplace_purchases (intent_id);
CREATE INDEX ix_marketplace_purchases_tenant_buyer ON marketplace_purchases (tenant_id, buyer_user_id, created_at);
CREATE INDEX ix_marketplace_purchases_tenant_vendor ON marketplace_purchases (tenant_id, vendor_user_id, created_at);
CREATE INDEX ix_marketplace_commission_schedules_lookup ON marketplace_commission_schedules (tenant_id, category, effective_from);
