-- The growth shop (seed 002, issue 18): profiles, catalog, carts, orders, payments, refunds, subscriptions.

CREATE TABLE shop_profiles (
    user_ecosystem_id TEXT NOT NULL CONSTRAINT pk_shop_profiles PRIMARY KEY,
    full_name TEXT NOT NULL,
    company TEXT NULL,
    vat_id TEXT NULL,
    address_line1 TEXT NOT NULL,
    address_line2 TEXT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    preferred_currency TEXT NOT NULL,
    instagram_handle TEXT NULL,
    terms_accepted_at INTEGER NULL,
    terms_withdrawn_at INTEGER NULL,
    marketing_consent_at INTEGER NULL,
    marketing_withdrawn_at INTEGER NULL,
    insights_consent_at INTEGER NULL,
    insights_withdrawn_at INTEGER NULL,
    gateway_customer_id TEXT NULL,
    payment_method_id TEXT NULL,
    card_brand TEXT NULL,
    card_last4 TEXT NULL,
    card_exp_month INTEGER NULL,
    card_exp_year INTEGER NULL,
    orders_count INTEGER NOT NULL,
    revenue INTEGER NOT NULL,
    subscription_status TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE shop_products (
    product_id TEXT NOT NULL CONSTRAINT pk_shop_products PRIMARY KEY,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    active INTEGER NOT NULL,
    display_order INTEGER NOT NULL,
    base_price INTEGER NOT NULL,
    currency TEXT NOT NULL,
    tax_rate_basis_points INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT ck_products_base_price CHECK (base_price >= 0),
    CONSTRAINT ck_products_tax_rate CHECK (tax_rate_basis_points BETWEEN 0 AND 10000)
);
CREATE TABLE shop_option_groups (
    group_id TEXT NOT NULL CONSTRAINT pk_shop_option_groups PRIMARY KEY,
    product_id TEXT NOT NULL CONSTRAINT fk_option_groups_products REFERENCES shop_products(product_id),
    name TEXT NOT NULL,
    multiple INTEGER NOT NULL,
    required INTEGER NOT NULL,
    min_selections INTEGER NOT NULL,
    max_selections INTEGER NOT NULL,
    display_order INTEGER NOT NULL,
    CONSTRAINT ck_option_groups_selections CHECK (min_selections >= 0 AND max_selections >= min_selections AND max_selections >= 1)
);
CREATE TABLE shop_options (
    option_id TEXT NOT NULL CONSTRAINT pk_shop_options PRIMARY KEY,
    group_id TEXT NOT NULL CONSTRAINT fk_options_option_groups REFERENCES shop_option_groups(group_id),
    product_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NULL,
    delta_type TEXT NOT NULL,
    price_delta INTEGER NOT NULL,
    requires TEXT NOT NULL,
    excludes TEXT NOT NULL,
    variant_ids TEXT NOT NULL,
    flags TEXT NOT NULL,
    display_order INTEGER NOT NULL,
    active INTEGER NOT NULL
);
CREATE TABLE shop_variants (
    variant_id TEXT NOT NULL CONSTRAINT pk_shop_variants PRIMARY KEY,
    product_id TEXT NOT NULL CONSTRAINT fk_variants_products REFERENCES shop_products(product_id),
    name TEXT NOT NULL,
    sku TEXT NULL,
    price INTEGER NOT NULL,
    display_order INTEGER NOT NULL,
    active INTEGER NOT NULL,
    CONSTRAINT ck_variants_price CHECK (price >= 0)
);
CREATE TABLE shop_media (
    media_id TEXT NOT NULL CONSTRAINT pk_shop_media PRIMARY KEY,
    product_id TEXT NOT NULL CONSTRAINT fk_media_products REFERENCES shop_products(product_id),
    file_id TEXT NOT NULL,
    alt_text TEXT NOT NULL,
    display_order INTEGER NOT NULL
);
CREATE TABLE shop_plans (
    plan_id TEXT NOT NULL CONSTRAINT pk_shop_plans PRIMARY KEY,
    product_id TEXT NOT NULL CONSTRAINT fk_plans_products REFERENCES shop_products(product_id),
    name TEXT NOT NULL,
    interval TEXT NOT NULL,
    price INTEGER NOT NULL,
    currency TEXT NOT NULL,
    trial_days INTEGER NOT NULL,
    provider_price_id TEXT NOT NULL,
    active INTEGER NOT NULL,
    CONSTRAINT ck_plans_price CHECK (price > 0),
    CONSTRAINT ck_plans_trial_days CHECK (trial_days BETWEEN 0 AND 730)
);
CREATE TABLE shop_carts (
    cart_id TEXT NOT NULL CONSTRAINT pk_shop_carts PRIMARY KEY,
    user_ecosystem_id TEXT NULL,
    token_hash TEXT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE shop_cart_lines (
    line_id TEXT NOT NULL CONSTRAINT pk_shop_cart_lines PRIMARY KEY,
    cart_id TEXT NOT NULL CONSTRAINT fk_cart_lines_carts REFERENCES shop_carts(cart_id),
    product_id TEXT NOT NULL,
    variant_id TEXT NULL,
    option_ids TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE shop_orders (
    order_id TEXT NOT NULL CONSTRAINT pk_shop_orders PRIMARY KEY,
    order_number TEXT NOT NULL,
    user_ecosystem_id TEXT NOT NULL,
    status TEXT NOT NULL,
    held_from TEXT NULL,
    source TEXT NOT NULL,
    subtotal INTEGER NOT NULL,
    tax INTEGER NOT NULL,
    total INTEGER NOT NULL,
    currency TEXT NOT NULL,
    amount_paid INTEGER NOT NULL,
    amount_refunded INTEGER NOT NULL,
    billing TEXT NOT NULL,
    note TEXT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    paid_at INTEGER NULL,
    version INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT ck_orders_paid CHECK (amount_paid >= 0 AND amount_paid <= total),
    CONSTRAINT ck_orders_refunded CHECK (amount_refunded >= 0 AND amount_refunded <= amount_paid)
);
CREATE TABLE shop_order_items (
    item_id TEXT NOT NULL CONSTRAINT pk_shop_order_items PRIMARY KEY,
    order_id TEXT NOT NULL CONSTRAINT fk_order_items_orders REFERENCES shop_orders(order_id),
    product_id TEXT NOT NULL,
    title TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    net INTEGER NOT NULL,
    tax INTEGER NOT NULL,
    total INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    instagram_handle TEXT NULL
);
CREATE TABLE shop_order_events (
    event_id TEXT NOT NULL CONSTRAINT pk_shop_order_events PRIMARY KEY,
    order_id TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT NULL,
    to_status TEXT NULL,
    actor_id TEXT NOT NULL,
    reason TEXT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE shop_order_numbers (
    year INTEGER NOT NULL CONSTRAINT pk_shop_order_numbers PRIMARY KEY,
    last_number INTEGER NOT NULL
);
CREATE TABLE shop_payments (
    payment_id TEXT NOT NULL CONSTRAINT pk_shop_payments PRIMARY KEY,
    order_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    provider_payment_id TEXT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    failure_code TEXT NULL,
    failure_message TEXT NULL,
    refunded INTEGER NOT NULL,
    card_brand TEXT NULL,
    card_last4 TEXT NULL,
    attempt_key TEXT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT ck_payments_refunded CHECK (refunded >= 0 AND refunded <= amount)
);
CREATE TABLE shop_refunds (
    refund_id TEXT NOT NULL CONSTRAINT pk_shop_refunds PRIMARY KEY,
    payment_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    provider_refund_id TEXT NULL,
    reason TEXT NULL,
    actor_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE shop_subscriptions (
    subscription_id TEXT NOT NULL CONSTRAINT pk_shop_subscriptions PRIMARY KEY,
    user_ecosystem_id TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    provider_subscription_id TEXT NULL,
    status TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    current_period_start INTEGER NULL,
    current_period_end INTEGER NULL,
    trial_end INTEGER NULL,
    cancel_at_period_end INTEGER NOT NULL,
    failed_payments INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    canceled_at INTEGER NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_shop_products_slug ON shop_products (slug);
CREATE INDEX ix_shop_option_groups_product_id ON shop_option_groups (product_id);
CREATE INDEX ix_shop_options_group_id ON shop_options (group_id);
CREATE INDEX ix_shop_variants_product_id ON shop_variants (product_id);
CREATE INDEX ix_shop_media_product_id ON shop_media (product_id);
CREATE INDEX ix_shop_plans_product_id ON shop_plans (product_id);
CREATE UNIQUE INDEX ux_shop_carts_token_hash ON shop_carts (token_hash);
CREATE INDEX ix_shop_carts_user_ecosystem_id_status ON shop_carts (user_ecosystem_id, status);
CREATE UNIQUE INDEX ux_shop_carts_user_ecosystem_id_open ON shop_carts (user_ecosystem_id) WHERE status = 'open' AND user_ecosystem_id IS NOT NULL;
CREATE INDEX ix_shop_cart_lines_cart_id ON shop_cart_lines (cart_id);
CREATE UNIQUE INDEX ux_shop_orders_order_number ON shop_orders (order_number);
CREATE INDEX ix_shop_orders_user_ecosystem_id_order_id ON shop_orders (user_ecosystem_id, order_id);
CREATE INDEX ix_shop_orders_status_order_id ON shop_orders (status, order_id);
CREATE INDEX ix_shop_order_items_order_id ON shop_order_items (order_id);
CREATE INDEX ix_shop_order_events_order_id_event_id ON shop_order_events (order_id, event_id);
CREATE UNIQUE INDEX ux_shop_payments_provider_payment_id ON shop_payments (provider_payment_id);
CREATE INDEX ix_shop_payments_order_id ON shop_payments (order_id);
CREATE INDEX ix_shop_payments_order_id_attempt_key ON shop_payments (order_id, attempt_key);
CREATE INDEX ix_shop_refunds_order_id ON shop_refunds (order_id);
CREATE UNIQUE INDEX ux_shop_subscriptions_provider_subscription_id ON shop_subscriptions (provider_subscription_id);
CREATE INDEX ix_shop_subscriptions_user_ecosystem_id_subscription_id ON shop_subscriptions (user_ecosystem_id, subscription_id);
CREATE UNIQUE INDEX ux_shop_subscriptions_user_ecosystem_id_plan_id_live ON shop_subscriptions (user_ecosystem_id, plan_id) WHERE status IN ('trialing', 'active', 'past_due', 'incomplete');
