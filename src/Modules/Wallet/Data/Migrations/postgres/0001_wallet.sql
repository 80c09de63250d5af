-- The wallet ledger (seed 003 phase 5, issue 19): tenants, accounts with stored balances and holds, transfers, entries.

CREATE SCHEMA IF NOT EXISTS wallet;

CREATE TABLE wallet.tenants (
    tenant_id varchar(40) NOT NULL CONSTRAINT pk_tenants PRIMARY KEY,
    name varchar(120) NOT NULL,
    countries varchar(200) NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE wallet.accounts (
    account_id varchar(40) NOT NULL CONSTRAINT pk_accounts PRIMARY KEY,
    tenant_id varchar(40) NOT NULL CONSTRAINT fk_accounts_tenants REFERENCES wallet.tenants(tenant_id),
    owner_type varchar(20) NOT NULL,
    owner_id varchar(80) NOT NULL,
    currency varchar(3) NOT NULL,
    status varchar(10) NOT NULL,
    no_overdraft boolean NOT NULL,
    balance bigint NOT NULL,
    pending_debits bigint NOT NULL,
    pending_credits bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ck_accounts_pending CHECK (pending_debits >= 0 AND pending_credits >= 0),
    CONSTRAINT ck_accounts_overdraft CHECK (no_overdraft = false OR balance - pending_debits >= 0)
);
CREATE TABLE wallet.transfers (
    transfer_id varchar(40) NOT NULL CONSTRAINT pk_transfers PRIMARY KEY,
    tenant_id varchar(40) NOT NULL,
    reference varchar(100) NOT NULL,
    type varchar(30) NOT NULL,
    debit_account_id varchar(40) NOT NULL CONSTRAINT fk_transfers_debit_accounts REFERENCES wallet.accounts(account_id),
    credit_account_id varchar(40) NOT NULL CONSTRAINT fk_transfers_credit_accounts REFERENCES wallet.accounts(account_id),
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    status varchar(10) NOT NULL,
    two_phase boolean NOT NULL,
    timeout_seconds integer NULL,
    expires_at timestamptz NULL,
    metadata varchar(4000) NULL,
    chain_id varchar(40) NULL,
    created_at timestamptz NOT NULL,
    posted_at timestamptz NULL,
    voided_at timestamptz NULL,
    CONSTRAINT ck_transfers_amount CHECK (amount > 0),
    CONSTRAINT ck_transfers_accounts CHECK (debit_account_id <> credit_account_id)
);
CREATE TABLE wallet.entries (
    entry_id varchar(40) NOT NULL CONSTRAINT pk_entries PRIMARY KEY,
    tenant_id varchar(40) NOT NULL,
    transfer_id varchar(40) NOT NULL,
    account_id varchar(40) NOT NULL CONSTRAINT fk_entries_accounts REFERENCES wallet.accounts(account_id),
    direction varchar(6) NOT NULL,
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    balance_after bigint NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT ck_entries_amount CHECK (amount > 0),
    CONSTRAINT ck_entries_direction CHECK (direction IN ('debit', 'credit'))
);

CREATE INDEX ix_accounts_tenant_owner ON wallet.accounts (tenant_id, owner_type, owner_id);
CREATE UNIQUE INDEX ux_transfers_tenant_reference ON wallet.transfers (tenant_id, reference);
CREATE INDEX ix_transfers_status_expires_at ON wallet.transfers (status, expires_at);
CREATE INDEX ix_entries_account_entry ON wallet.entries (account_id, entry_id);
CREATE INDEX ix_entries_account_created_at ON wallet.entries (account_id, created_at);
CREATE INDEX ix_entries_transfer_id ON wallet.entries (transfer_id);
