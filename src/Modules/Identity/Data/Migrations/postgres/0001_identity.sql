CREATE SCHEMA IF NOT EXISTS identity;

CREATE TABLE identity.users (
    user_ecosystem_id varchar(40) NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    username varchar(64) NOT NULL,
    email varchar(254) NOT NULL,
    display_name varchar(100) NOT NULL,
    roles varchar(200) NOT NULL,
    status varchar(32) NOT NULL,
    password_hash varchar(200) NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_users_username ON identity.users (username);

CREATE TABLE identity.sessions (
    id varchar(40) NOT NULL CONSTRAINT pk_sessions PRIMARY KEY,
    token_hash varchar(64) NOT NULL,
    user_ecosystem_id varchar(40) NOT NULL CONSTRAINT fk_sessions_users REFERENCES identity.users (user_ecosystem_id),
    kind varchar(32) NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NULL
);
CREATE UNIQUE INDEX ix_sessions_token_hash ON identity.sessions (token_hash);
CREATE INDEX ix_sessions_user_ecosystem_id ON identity.sessions (user_ecosystem_id);
