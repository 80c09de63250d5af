-- Money in and out of wallets (issue 19 part 6): card top-ups and vendor payouts.

CREATE TABLE wallet_top_ups (
    top_up_id TEXT NOT NULL CONSTRAINT pk_wallet_top_ups PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    user_ecosystem_id TEXT NOT NULL,
    account_id TEXT NOT NULL CONSTRAINT fk_wallet_top_ups_accounts REFERENCES wallet_accounts(account_id),
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    provider TEXT NOT NULL,
    payment_id TEXT NULL,
    card_brand TEXT NULL,
    card_last4 TEXT NULL,
    failure_code TEXT NULL,
    failure_message TEXT NULL,
    transfer_id TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT ck_wallet_top_ups_amount CHECK (amount > 0)
);
CREATE TABLE wallet_payouts (
    payout_id TEXT NOT NULL CONSTRAINT pk_wallet_payouts PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    user_ecosystem_id TEXT NOT NULL,
    account_id TEXT NOT NULL CONSTRAINT fk_wallet_payouts_accounts REFERENCES wallet_accounts(account_id),
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    destination TEXT NOT NULL,
    status TEXT NOT NULL,
    transfer_id TEXT NOT NULL CONSTRAINT fk_wallet_payouts_transfers REFERENCES wallet_transfers(transfer_id),
    provider TEXT NULL,
    provider_reference TEXT NULL,
    failure_message TEXT NULL,
    attempts INTEGER NOT NULL,
    locked_until INTEGER NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    settled_at INTEGER NULL,
    CONSTRAINT ck_wallet_payouts_amount CHECK (amount > 0)
);
CREATE INDEX ix_wallet_top_ups_user_created_at ON wallet_top_ups (user_ecosystem_id, created_at);
CREATE INDEX ix_wallet_payouts_status_created_at ON wallet_payouts (status, created_at);
CREATE INDEX ix_wallet_payouts_user_created_at ON wallet_payouts (user_ecosystem_id, created_at);
