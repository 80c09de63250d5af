-- Money in and out of wallets (issue 19 part 6): card top-ups and vendor payouts.

CREATE TABLE wallet.top_ups (
    top_up_id varchar(40) NOT NULL CONSTRAINT pk_top_ups PRIMARY KEY,
    tenant_id varchar(40) NOT NULL,
    user_ecosystem_id varchar(40) NOT NULL,
    account_id varchar(40) NOT NULL CONSTRAINT fk_top_ups_accounts REFERENCES wallet.accounts(account_id),
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    status varchar(10) NOT NULL,
    provider varchar(20) NOT NULL,
    payment_id varchar(100) NULL,
    card_brand varchar(20) NULL,
    card_last4 varchar(4) NULL,
    failure_code varchar(40) NULL,
    failure_message varchar(300) NULL,
    transfer_id varchar(40) NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ck_top_ups_amount CHECK (amount > 0)
);
CREATE TABLE wallet.payouts (
    payout_id varchar(40) NOT NULL CONSTRAINT pk_payouts PRIMARY KEY,
    tenant_id varchar(40) NOT NULL,
    user_ecosystem_id varchar(40) NOT NULL,
    account_id varchar(40) NOT NULL CONSTRAINT fk_payouts_accounts REFERENCES wallet.accounts(account_id),
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    destination varchar(40) NOT NULL,
    status varchar(10) NOT NULL,
    transfer_id varchar(40) NOT NULL CONSTRAINT fk_payouts_transfers REFERENCES wallet.transfers(transfer_id),
    provider varchar(20) NULL,
    provider_reference varchar(100) NULL,
    failure_message varchar(300) NULL,
    attempts integer NOT NULL,
    locked_until timestamptz NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    settled_at timestamptz NULL,
    CONSTRAINT ck_payouts_amount CHECK (amount > 0)
);
CREATE INDEX ix_top_ups_user_created_at ON wallet.top_ups (user_ecosystem_id, created_at);
CREATE INDEX ix_payouts_status_created_at ON wallet.payouts (status, created_at);
CREATE INDEX ix_payouts_user_created_at ON wallet.payouts (user_ecosystem_id, created_at);
