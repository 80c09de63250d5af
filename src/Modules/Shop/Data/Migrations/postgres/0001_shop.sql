-- The growth shop (seed 002, issue 18): profiles, catalog, carts, orders, payments, refunds, subscriptions.

CREATE SCHEMA IF NOT EXISTS shop;

CREATE TABLE shop.profiles (
    user_ecosystem_id varchar(40) NOT NULL CONSTRAINT pk_profiles PRIMARY KEY,
    full_name varchar(120) NOT NULL,
    company varchar(120) NULL,
    vat_id varchar(20) NULL,
    address_line1 varchar(120) NOT NULL,
    address_line2 varchar(120) NULL,
    postal_code varchar(12) NOT NULL,
    city varchar(80) NOT NULL,
    country varchar(2) NOT NULL,
    preferred_currency varchar(3) NOT NULL,
    instagram_handle varchar(30) NULL,
    terms_accepted_at timestamptz NULL,
    terms_withdrawn_at timestamptz NULL,
    marketing_consent_at timestamptz NULL,
    marketing_withdrawn_at timestamptz NULL,
    insights_consent_at timestamptz NULL,
    insights_withdrawn_at timestamptz NULL,
    gateway_customer_id varchar(100) NULL,
    payment_method_id varchar(100) NULL,
    card_brand varchar(20) NULL,
    card_last4 varchar(4) NULL,
    card_exp_month integer NULL,
    card_exp_year integer NULL,
    orders_count integer NOT NULL,
    revenue bigint NOT NULL,
    subscription_status varchar(20) NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0
);
CREATE TABLE shop.products (
    product_id varchar(40) NOT NULL CONSTRAINT pk_products PRIMARY KEY,
    slug varchar(80) NOT NULL,
    title varchar(120) NOT NULL,
    description varchar(4000) NOT NULL,
    category varchar(60) NOT NULL,
    active boolean NOT NULL,
    display_order integer NOT NULL,
    base_price bigint NOT NULL,
    currency varchar(3) NOT NULL,
    tax_rate_basis_points integer NOT NULL,
    metadata varchar(4000) NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CONSTRAINT ck_products_base_price CHECK (base_price >= 0),
    CONSTRAINT ck_products_tax_rate CHECK (tax_rate_basis_points BETWEEN 0 AND 10000)
);
CREATE TABLE shop.option_groups (
    group_id varchar(40) NOT NULL CONSTRAINT pk_option_groups PRIMARY KEY,
    product_id varchar(40) NOT NULL CONSTRAINT fk_option_groups_products REFERENCES shop.products(product_id),
    name varchar(80) NOT NULL,
    multiple boolean NOT NULL,
    required boolean NOT NULL,
    min_selections integer NOT NULL,
    max_selections integer NOT NULL,
    display_order integer NOT NULL,
    CONSTRAINT ck_option_groups_selections CHECK (min_selections >= 0 AND max_selections >= min_selections AND max_selections >= 1)
);
CREATE TABLE shop.options (
    option_id varchar(40) NOT NULL CONSTRAINT pk_options PRIMARY KEY,
    group_id varchar(40) NOT NULL CONSTRAINT fk_options_option_groups REFERENCES shop.option_groups(group_id),
    product_id varchar(40) NOT NULL,
    name varchar(80) NOT NULL,
    description varchar(300) NULL,
    delta_type varchar(10) NOT NULL,
    price_delta bigint NOT NULL,
    requires varchar(4000) NOT NULL,
    excludes varchar(4000) NOT NULL,
    variant_ids varchar(4000) NOT NULL,
    flags varchar(4000) NOT NULL,
    display_order integer NOT NULL,
    active boolean NOT NULL
);
CREATE TABLE shop.variants (
    variant_id varchar(40) NOT NULL CONSTRAINT pk_variants PRIMARY KEY,
    product_id varchar(40) NOT NULL CONSTRAINT fk_variants_products REFERENCES shop.products(product_id),
    name varchar(80) NOT NULL,
    sku varchar(60) NULL,
    price bigint NOT NULL,
    display_order integer NOT NULL,
    active boolean NOT NULL,
    CONSTRAINT ck_variants_price CHECK (price >= 0)
);
CREATE TABLE shop.media (
    media_id varchar(40) NOT NULL CONSTRAINT pk_media PRIMARY KEY,
    product_id varchar(40) NOT NULL CONSTRAINT fk_media_products REFERENCES shop.products(product_id),
    file_id varchar(40) NOT NULL,
    alt_text varchar(200) NOT NULL,
    display_order integer NOT NULL
);
CREATE TABLE shop.plans (
    plan_id varchar(40) NOT NULL CONSTRAINT pk_plans PRIMARY KEY,
    product_id varchar(40) NOT NULL CONSTRAINT fk_plans_products REFERENCES shop.products(product_id),
    name varchar(80) NOT NULL,
    interval varchar(10) NOT NULL,
    price bigint NOT NULL,
    currency varchar(3) NOT NULL,
    trial_days integer NOT NULL,
    provider_price_id varchar(100) NOT NULL,
    active boolean NOT NULL,
    CONSTRAINT ck_plans_price CHECK (price > 0),
    CONSTRAINT ck_plans_trial_days CHECK (trial_days BETWEEN 0 AND 730)
);
CREATE TABLE shop.carts (
    cart_id varchar(40) NOT NULL CONSTRAINT pk_carts PRIMARY KEY,
    user_ecosystem_id varchar(40) NULL,
    token_hash varchar(64) NULL,
    status varchar(10) NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0
);
CREATE TABLE shop.cart_lines (
    line_id varchar(40) NOT NULL CONSTRAINT pk_cart_lines PRIMARY KEY,
    cart_id varchar(40) NOT NULL CONSTRAINT fk_cart_lines_carts REFERENCES shop.carts(cart_id),
    product_id varchar(40) NOT NULL,
    variant_id varchar(40) NULL,
    option_ids varchar(4000) NOT NULL,
    quantity integer NOT NULL,
    snapshot varchar(8000) NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE shop.orders (
    order_id varchar(40) NOT NULL CONSTRAINT pk_orders PRIMARY KEY,
    order_number varchar(20) NOT NULL,
    user_ecosystem_id varchar(40) NOT NULL,
    status varchar(12) NOT NULL,
    held_from varchar(12) NULL,
    source varchar(10) NOT NULL,
    subtotal bigint NOT NULL,
    tax bigint NOT NULL,
    total bigint NOT NULL,
    currency varchar(3) NOT NULL,
    amount_paid bigint NOT NULL,
    amount_refunded bigint NOT NULL,
    billing varchar(4000) NOT NULL,
    note varchar(500) NULL,
    created_by varchar(40) NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    paid_at timestamptz NULL,
    version integer NOT NULL DEFAULT 0,
    CONSTRAINT ck_orders_paid CHECK (amount_paid >= 0 AND amount_paid <= total),
    CONSTRAINT ck_orders_refunded CHECK (amount_refunded >= 0 AND amount_refunded <= amount_paid)
);
CREATE TABLE shop.order_items (
    item_id varchar(40) NOT NULL CONSTRAINT pk_order_items PRIMARY KEY,
    order_id varchar(40) NOT NULL CONSTRAINT fk_order_items_orders REFERENCES shop.orders(order_id),
    product_id varchar(40) NOT NULL,
    title varchar(200) NOT NULL,
    quantity integer NOT NULL,
    net bigint NOT NULL,
    tax bigint NOT NULL,
    total bigint NOT NULL,
    snapshot varchar(8000) NOT NULL,
    instagram_handle varchar(30) NULL
);
CREATE TABLE shop.order_events (
    event_id varchar(40) NOT NULL CONSTRAINT pk_order_events PRIMARY KEY,
    order_id varchar(40) NOT NULL,
    action varchar(20) NOT NULL,
    from_status varchar(12) NULL,
    to_status varchar(12) NULL,
    actor_id varchar(40) NOT NULL,
    reason varchar(500) NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE shop.order_numbers (
    year integer NOT NULL CONSTRAINT pk_order_numbers PRIMARY KEY,
    last_number integer NOT NULL
);
CREATE TABLE shop.payments (
    payment_id varchar(40) NOT NULL CONSTRAINT pk_payments PRIMARY KEY,
    order_id varchar(40) NOT NULL,
    provider varchar(20) NOT NULL,
    provider_payment_id varchar(100) NULL,
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    status varchar(20) NOT NULL,
    failure_code varchar(50) NULL,
    failure_message varchar(300) NULL,
    refunded bigint NOT NULL,
    card_brand varchar(20) NULL,
    card_last4 varchar(4) NULL,
    attempt_key varchar(260) NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT ck_payments_refunded CHECK (refunded >= 0 AND refunded <= amount)
);
CREATE TABLE shop.refunds (
    refund_id varchar(40) NOT NULL CONSTRAINT pk_refunds PRIMARY KEY,
    payment_id varchar(40) NOT NULL,
    order_id varchar(40) NOT NULL,
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    provider_refund_id varchar(100) NULL,
    reason varchar(300) NULL,
    actor_id varchar(40) NOT NULL,
    status varchar(10) NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE shop.subscriptions (
    subscription_id varchar(40) NOT NULL CONSTRAINT pk_subscriptions PRIMARY KEY,
    user_ecosystem_id varchar(40) NOT NULL,
    plan_id varchar(40) NOT NULL,
    provider varchar(20) NOT NULL,
    provider_subscription_id varchar(100) NULL,
    status varchar(20) NOT NULL,
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    current_period_start timestamptz NULL,
    current_period_end timestamptz NULL,
    trial_end timestamptz NULL,
    cancel_at_period_end boolean NOT NULL,
    failed_payments integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    canceled_at timestamptz NULL,
    version integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_products_slug ON shop.products (slug);
CREATE INDEX ix_option_groups_product_id ON shop.option_groups (product_id);
CREATE INDEX ix_options_group_id ON shop.options (group_id);
CREATE INDEX ix_variants_product_id ON shop.variants (product_id);
CREATE INDEX ix_media_product_id ON shop.media (product_id);
CREATE INDEX ix_plans_product_id ON shop.plans (product_id);
CREATE UNIQUE INDEX ux_carts_token_hash ON shop.carts (token_hash);
CREATE INDEX ix_carts_user_ecosystem_id_status ON shop.carts (user_ecosystem_id, status);
CREATE UNIQUE INDEX ux_carts_user_ecosystem_id_open ON shop.carts (user_ecosystem_id) WHERE status = 'open' AND user_ecosystem_id IS NOT NULL;
CREATE INDEX ix_cart_lines_cart_id ON shop.cart_lines (cart_id);
CREATE UNIQUE INDEX ux_orders_order_number ON shop.orders (order_number);
CREATE INDEX ix_orders_user_ecosystem_id_order_id ON shop.orders (user_ecosystem_id, order_id);
CREATE INDEX ix_orders_status_order_id ON shop.orders (status, order_id);
CREATE INDEX ix_order_items_order_id ON shop.order_items (order_id);
CREATE INDEX ix_order_events_order_id_event_id ON shop.order_events (order_id, event_id);
CREATE UNIQUE INDEX ux_payments_provider_payment_id ON shop.payments (provider_payment_id);
CREATE INDEX ix_payments_order_id ON shop.payments (order_id);
CREATE INDEX ix_payments_order_id_attempt_key ON shop.payments (order_id, attempt_key);
CREATE INDEX ix_refunds_order_id ON shop.refunds (order_id);
CREATE UNIQUE INDEX ux_subscriptions_provider_subscription_id ON shop.subscriptions (provider_subscription_id);
CREATE INDEX ix_subscriptions_user_ecosystem_id_subscription_id ON shop.subscriptions (user_ecosystem_id, subscription_id);
CREATE UNIQUE INDEX ux_subscriptions_user_ecosystem_id_plan_id_live ON shop.subscriptions (user_ecosystem_id, plan_id) WHERE status IN ('trialing', 'active', 'past_due', 'incomplete');
