CREATE TABLE identity_users (
    user_ecosystem_id TEXT NOT NULL CONSTRAINT pk_identity_users PRIMARY KEY,
    username TEXT NOT NULL,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    roles TEXT NOT NULL,
    status TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_identity_users_username ON identity_users (username);

CREATE TABLE identity_sessions (
    id TEXT NOT NULL CONSTRAINT pk_identity_sessions PRIMARY KEY,
    token_hash TEXT NOT NULL,
    user_ecosystem_id TEXT NOT NULL CONSTRAINT fk_sessions_users REFERENCES identity_users (user_ecosystem_id),
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER NULL
);
CREATE UNIQUE INDEX ix_identity_sessions_token_hash ON identity_sessions (token_hash);
CREATE INDEX ix_identity_sessions_user_ecosystem_id ON identity_sessions (user_ecosystem_id);
