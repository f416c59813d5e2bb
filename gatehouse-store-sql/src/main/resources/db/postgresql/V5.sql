-- The admin dashboard; the PostgreSQL twin of db/sqlite/V5.sql.

-- The administrator who acted (see Actor): account id (NULL for the command line) and name.
ALTER TABLE audit_events ADD COLUMN actor_id TEXT;
ALTER TABLE audit_events ADD COLUMN actor_name TEXT;

-- One account's events, newest first, and events of some types, newest first: each walks an
-- index backwards from the cursor instead of scanning the log.
CREATE INDEX audit_events_account ON audit_events (account_id, seq) WHERE account_id IS NOT NULL;
CREATE INDEX audit_events_type ON audit_events (type, seq);
-- a time range ("the last day") without a type or account
CREATE INDEX audit_events_at ON audit_events (at);

-- The overview's count of locked accounts reads this small index, not the table.
CREATE INDEX accounts_locked ON accounts (id) WHERE locked;
