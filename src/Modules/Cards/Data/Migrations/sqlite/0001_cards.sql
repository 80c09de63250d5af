CREATE TABLE cards_accounts (
    user_ecosystem_id TEXT NOT NULL CONSTRAINT pk_cards_accounts PRIMARY KEY,
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    preapproved_limit INTEGER NOT NULL,
    current_limit INTEGER NOT NULL,
    available_limit INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_reset_at INTEGER NULL,
    version INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT ck_accounts_available_not_negative CHECK (available_limit >= 0),
    CONSTRAINT ck_accounts_available_within_current CHECK (available_limit <= current_limit)
);

CREATE TABLE cards_purchases (
    purchase_id TEXT NOT NULL CONSTRAINT pk_cards_purchases PRIMARY KEY,
    user_ecosystem_id TEXT NOT NULL CONSTRAINT fk_purchases_accounts REFERENCES cards_accounts (user_ecosystem_id),
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    merchant TEXT NULL,
    approved INTEGER NOT NULL,
    reason TEXT NULL,
    available_after INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_cards_purchases_user_ecosystem_id_purchase_id ON cards_purchases (user_ecosystem_id, purchase_id);

CREATE TABLE cards_signatures (
    signature_id TEXT NOT NULL CONSTRAINT pk_cards_signatures PRIMARY KEY,
    user_ecosystem_id TEXT NOT NULL CONSTRAINT fk_signatures_accounts REFERENCES cards_accounts (user_ecosystem_id),
    signature_text TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    journey_id TEXT NULL
);
CREATE INDEX ix_cards_signatures_user_ecosystem_id ON cards_signatures (user_ecosystem_id);
