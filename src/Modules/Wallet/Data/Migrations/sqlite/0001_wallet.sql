-- The wallet ledger (seed 003 phase 5, issue 19): tenants, accounts with stored balances and holds, transfers, entries.

CREATE TABLE wallet_tenants (
    tenant_id TEXT NOT NULL CONSTRAINT pk_wallet_tenants PRIMARY KEY,
    name TEXT NOT NULL,
    countries TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE wallet_accounts (
    account_id TEXT NOT NULL CONSTRAINT pk_wallet_accounts PRIMARY KEY,
    tenant_id TEXT NOT NULL CONSTRAINT fk_wallet_accounts_tenants REFERENCES wallet_tenants(tenant_id),
    owner_type TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    no_overdraft INTEGER NOT NULL,
    balance INTEGER NOT NULL,
    pending_debits INTEGER NOT NULL,
    pending_credits INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT ck_wallet_accounts_pending CHECK (pending_debits >= 0 AND pending_credits >= 0),
    CONSTRAINT ck_wallet_accounts_overdraft CHECK (no_overdraft = 0 OR balance - pending_debits >= 0)
);
CREATE TABLE wallet_transfers (
    transfer_id TEXT NOT NULL CONSTRAINT pk_wallet_transfers PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    type TEXT NOT NULL,
    debit_account_id TEXT NOT NULL CONSTRAINT fk_wallet_transfers_debit_accounts REFERENCES wallet_accounts(account_id),
    credit_account_id TEXT NOT NULL CONSTRAINT fk_wallet_transfers_credit_accounts REFERENCES wallet_accounts(account_id),
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    two_phase INTEGER NOT NULL,
    timeout_seconds INTEGER NULL,
    expires_at INTEGER NULL,
    metadata TEXT NULL,
    chain_id TEXT NULL,
    created_at INTEGER NOT NULL,
    posted_at INTEGER NULL,
    voided_at INTEGER NULL,
    CONSTRAINT ck_wallet_transfers_amount CHECK (amount > 0),
    CONSTRAINT ck_wallet_transfers_accounts CHECK (debit_account_id <> credit_account_id)
);
CREATE TABLE wallet_entries (
    entry_id TEXT NOT NULL CONSTRAINT pk_wallet_entries PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    transfer_id TEXT NOT NULL,
    account_id TEXT NOT NULL CONSTRAINT fk_wallet_entries_accounts REFERENCES wallet_accounts(account_id),
    direction TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    balance_after INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT ck_wallet_entries_amount CHECK (amount > 0),
    CONSTRAINT ck_wallet_entries_direction CHECK (direction IN ('debit', 'credit'))
);

CREATE INDEX ix_wallet_accounts_tenant_owner ON wallet_accounts (tenant_id, owner_type, owner_id);
CREATE UNIQUE INDEX ux_wallet_transfers_tenant_reference ON wallet_transfers (tenant_id, reference);
CREATE INDEX ix_wallet_transfers_status_expires_at ON wallet_transfers (status, expires_at);
CREATE INDEX ix_wallet_entries_account_entry ON wallet_entries (account_id, entry_id);
CREATE INDEX ix_wallet_entries_account_created_at ON wallet_entries (account_id, created_at);
CREATE INDEX ix_wallet_entries_transfer_id ON wallet_entries (transfer_id);
