-- Campaigns over WhatsApp (seed 003 campaigns, campaign_targets, OptOut; issue 21).

CREATE SCHEMA IF NOT EXISTS campaigns;

CREATE TABLE campaigns.campaigns (
    campaign_id varchar(100) NOT NULL CONSTRAINT pk_campaigns PRIMARY KEY,
    legacy_id bigint NULL,
    name text NOT NULL,
    type text NOT NULL,
    template_id text NOT NULL,
    status text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    started_at timestamptz NULL,
    finished_at timestamptz NULL,
    updated_at timestamptz NOT NULL,
    metadata text NOT NULL,
    CONSTRAINT ck_campaigns_type CHECK (type IN ('promo', 'voucher')),
    CONSTRAINT ck_campaigns_status CHECK (status IN ('draft', 'running', 'paused', 'done'))
);
CREATE TABLE campaigns.targets (
    target_id varchar(100) NOT NULL CONSTRAINT pk_targets PRIMARY KEY,
    campaign_id text NOT NULL CONSTRAINT fk_targets_campaigns REFERENCES campaigns.campaigns(campaign_id),
    msisdn text NOT NULL,
    country text NOT NULL,
    name text NULL,
    user_ecosystem_id text NULL,
    variables text NOT NULL,
    status text NOT NULL,
    error_code text NULL,
    message_id text NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    claim_token text NULL,
    claimed_at timestamptz NULL,
    sent_at timestamptz NULL,
    last_update_at timestamptz NOT NULL,
    line integer NOT NULL,
    CONSTRAINT ck_targets_status CHECK (status IN ('queued', 'queued_throttled', 'sending', 'sent', 'delivered', 'read', 'failed', 'opted_out', 'unknown'))
);
CREATE TABLE campaigns.opt_outs (
    phone_hash varchar(100) NOT NULL CONSTRAINT pk_opt_outs PRIMARY KEY,
    reason text NOT NULL,
    ts timestamptz NOT NULL
);
CREATE TABLE campaigns.throttle_windows (
    bucket varchar(100) NOT NULL CONSTRAINT pk_throttle_windows PRIMARY KEY,
    second_start timestamptz NOT NULL,
    second_count integer NOT NULL,
    minute_start timestamptz NOT NULL,
    minute_count integer NOT NULL
);
CREATE TABLE campaigns.whatsapp_messages (
    message_id varchar(100) NOT NULL CONSTRAINT pk_whatsapp_messages PRIMARY KEY,
    msisdn text NOT NULL,
    direction text NOT NULL,
    body text NOT NULL,
    template_id text NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX ix_campaigns_status ON campaigns.campaigns (status);
CREATE INDEX ix_campaigns_created_at ON campaigns.campaigns (created_at);
CREATE UNIQUE INDEX ux_targets_campaign_msisdn ON campaigns.targets (campaign_id, msisdn);
CREATE INDEX ix_targets_campaign_status ON campaigns.targets (campaign_id, status);
CREATE INDEX ix_targets_status_next ON campaigns.targets (status, next_attempt_at);
CREATE INDEX ix_targets_msisdn ON campaigns.targets (msisdn);
CREATE INDEX ix_targets_message_id ON campaigns.targets (message_id);
CREATE INDEX ix_targets_sent_at ON campaigns.targets (sent_at);
CREATE INDEX ix_targets_user ON campaigns.targets (user_ecosystem_id);
CREATE INDEX ix_whatsapp_messages_msisdn ON campaigns.whatsapp_messages (msisdn, created_at);
