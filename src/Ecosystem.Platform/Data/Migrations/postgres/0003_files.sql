CREATE TABLE platform.files (
    id varchar(40) NOT NULL CONSTRAINT pk_files PRIMARY KEY,
    bucket varchar(40) NOT NULL,
    content_type varchar(100) NOT NULL,
    size bigint NOT NULL,
    sha256 varchar(64) NOT NULL,
    name varchar(200) NOT NULL,
    owner_id varchar(64) NULL,
    created_at timestamptz NOT NULL,
    created_by varchar(64) NOT NULL,
    content bytea NULL
);
CREATE INDEX ix_files_bucket_id ON platform.files (bucket, id);
