-- An account's active sessions, newest first, a page at a time (SessionStore.listActive with a
-- cursor) and the sign-in's trim to session.max-per-account (SessionStore.revokeBeyond): both walk
-- this index backwards from (account_id, cursor) and stop after a page; the row comparison
-- (created_at, id) < (?, ?) is an index bound. Partial: revoked rows never come back, so an
-- account's history of ended sessions does not lengthen the walk. The PostgreSQL twin of
-- db/sqlite/V6.sql; id is COLLATE "C" (V1), the order SQLite and the cursor compare in.
-- Version 6, not 5: version 5 is the admin dashboard's migration, made alongside.
CREATE INDEX sessions_account_active ON sessions (account_id, created_at, id) WHERE revoked_at IS NULL;
