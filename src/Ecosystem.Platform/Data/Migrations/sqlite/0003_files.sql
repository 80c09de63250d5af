CREATE TABLE platform_files (
    id TEXT NOT NULL CONSTRAINT pk_platform_files PRIMARY KEY,
    bucket TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    owner_id TEXT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    content BLOB NULL
);
CREATE INDEX ix_platform_files_bucket_id ON platform_files (bucket, id);
