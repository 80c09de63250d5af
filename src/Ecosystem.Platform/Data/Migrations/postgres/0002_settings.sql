CREATE TABLE platform.settings (
    key varchar(100) NOT NULL CONSTRAINT pk_settings PRIMARY KEY,
    value varchar(65536) NOT NULL,
    version integer NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by varchar(64) NOT NULL
);
