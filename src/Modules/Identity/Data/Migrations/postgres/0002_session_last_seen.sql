-- Idle timeout: the last authenticated request of a session (written at most once a minute).
ALTER TABLE identity.sessions ADD COLUMN last_seen_at timestamptz NULL;
UPDATE identity.sessions SET last_seen_at = created_at;
ALTER TABLE identity.sessions ALTER COLUMN last_seen_at SET NOT NULL;
