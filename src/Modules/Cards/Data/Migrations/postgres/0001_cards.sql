CREATE SCHEMA IF NOT EXISTS cards;

CREATE TABLE cards.accounts (
    user_ecosystem_id varchar(40) NOT NULL CONSTRAINT pk_accounts PRIMARY KEY,
    status varchar(32) NOT NULL,
    currency varchar(3) NOT NULL,
    preapproved_limit bigint NOT NULL,
    current_limit bigint NOT NULL,
    available_limit bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    last_reset_at timestamptz NULL,
    version integer NOT NULL DEFAULT 0,
    CONSTRAINT ck_accounts_available_not_negative CHECK (available_limit >= 0),
    CONSTRAINT ck_accounts_available_within_current CHECK (available_limit <= current_limit)
);

CREATE TABLE cards.purchases (
    purchase_id varchar(40) NOT NULL CONSTRAINT pk_purchases PRIMARY KEY,
    user_ecosystem_id varchar(40) NOT NULL CONSTRAINT fk_purchases_accounts REFERENCES cards.accounts (user_ecosystem_id),
    amount bigint NOT NULL,
    currency varchar(3) NOT NULL,
    merchant varchar(100) NULL,
    approved boolean NOT NULL,
    reason varchar(50) NULL,
    available_after bigint NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_purchases_user_ecosystem_id_purchase_id ON cards.purchases (user_ecosystem_id, purchase_id);

CREATE TABLE cards.signatures (
    signature_id varchar(40) NOT NULL CONSTRAINT pk_signatures PRIMARY KEY,
    user_ecosystem_id varchar(40) NOT NULL CONSTRAINT fk_signatures_accounts REFERENCES cards.accounts (user_ecosystem_id),
    signature_text varchar(100) NOT NULL,
    signed_at timestamptz NOT NULL,
    journey_id varchar(64) NULL
);
CREATE INDEX ix_signatures_user_ecosystem_id ON cards.signatures (user_ecosystem_id);
