CREATE TABLE platform_settings (
    key TEXT NOT NULL CONSTRAINT pk_platform_settings PRIMARY KEY,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
);
