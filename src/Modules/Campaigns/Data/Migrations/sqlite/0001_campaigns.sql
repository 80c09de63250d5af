-- Campaigns over WhatsApp (seed 003 campaigns, campaign_targets, OptOut; issue 21).

CREATE TABLE campaigns_campaigns (
    campaign_id TEXT NOT NULL CONSTRAINT pk_campaigns_campaigns PRIMARY KEY,
    legacy_id INTEGER NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    template_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    started_at INTEGER NULL,
    finished_at INTEGER NULL,
    updated_at INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    CONSTRAINT ck_campaigns_campaigns_type CHECK (type IN ('promo', 'voucher')),
    CONSTRAINT ck_campaigns_campaigns_status CHECK (status IN ('draft', 'running', 'paused', 'done'))
);
CREATE TABLE campaigns_targets (
    target_id TEXT NOT NULL CONSTRAINT pk_campaigns_targets PRIMARY KEY,
    campaign_id TEXT NOT NULL CONSTRAINT fk_campaigns_targets_campaigns REFERENCES campaigns_campaigns(campaign_id),
    msisdn TEXT NOT NULL,
    country TEXT NOT NULL,
    name TEXT NULL,
    user_ecosystem_id TEXT NULL,
    variables TEXT NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT NULL,
    message_id TEXT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claim_token TEXT NULL,
    claimed_at INTEGER NULL,
    sent_at INTEGER NULL,
    last_update_at INTEGER NOT NULL,
    line INTEGER NOT NULL,
    CONSTRAINT ck_campaigns_targets_status CHECK (status IN ('queued', 'queued_throttled', 'sending', 'sent', 'delivered', 'read', 'failed', 'opted_out', 'unknown'))
);
CREATE TABLE campaigns_opt_outs (
    phone_hash TEXT NOT NULL CONSTRAINT pk_campaigns_opt_outs PRIMARY KEY,
    reason TEXT NOT NULL,
    ts INTEGER NOT NULL
);
CREATE TABLE campaigns_throttle_windows (
    bucket TEXT NOT NULL CONSTRAINT pk_campaigns_throttle_windows PRIMARY KEY,
    second_start INTEGER NOT NULL,
    second_count INTEGER NOT NULL,
    minute_start INTEGER NOT NULL,
    minute_count INTEGER NOT NULL
);
CREATE TABLE campaigns_whatsapp_messages (
    message_id TEXT NOT NULL CONSTRAINT pk_campaigns_whatsapp_messages PRIMARY KEY,
    msisdn TEXT NOT NULL,
    direction TEXT NOT NULL,
    body TEXT NOT NULL,
    template_id TEXT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX ix_campaigns_campaigns_status ON campaigns_campaigns (status);
CREATE INDEX ix_campaigns_campaigns_created_at ON campaigns_campaigns (created_at);
CREATE UNIQUE INDEX ux_campaigns_targets_campaign_msisdn ON campaigns_targets (campaign_id, msisdn);
CREATE INDEX ix_campaigns_targets_campaign_status ON campaigns_targets (campaign_id, status);
CREATE INDEX ix_campaigns_targets_status_next ON campaigns_targets (status, next_attempt_at);
CREATE INDEX ix_campaigns_targets_msisdn ON campaigns_targets (msisdn);
CREATE INDEX ix_campaigns_targets_message_id ON campaigns_targets (message_id);
CREATE INDEX ix_campaigns_targets_sent_at ON campaigns_targets (sent_at);
CREATE INDEX ix_campaigns_targets_user ON campaigns_targets (user_ecosystem_id);
CREATE INDEX ix_campaigns_whatsapp_messages_msisdn ON campaigns_whatsapp_messages (msisdn, created_at);
