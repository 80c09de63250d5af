-- Idle timeout: the last authenticated request of a session (written at most once a minute).
ALTER TABLE identity_sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE identity_sessions SET last_seen_at = created_at;
