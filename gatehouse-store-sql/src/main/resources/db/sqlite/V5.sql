-- The admin dashboard: who did an administrative action, and the indexes its lists need.

-- The administrator who acted (see Actor): account id (NULL for the command line) and name.
ALTER TABLE audit_events ADD COLUMN actor_id TEXT;
ALTER TABLE audit_events ADD COLUMN actor_name TEXT;

-- One account's events, newest first, and events of some types, newest first: both walk an
-- index backwards from the cursor instead of scanning the log. The rowid (seq) ends every index
-- of a rowid table, so (account_id) serves ORDER BY seq within one account.
CREATE INDEX audit_events_account ON audit_events (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX audit_events_type ON audit_events (type);
-- a time range ("the last day") without a type or account
CREATE INDEX audit_events_at ON audit_events (at);

-- The overview's count of locked accounts reads this small index, not the table.
-- WHERE locked, written as the store's query writes it: SQLite uses a partial index only then.
CREATE INDEX accounts_locked ON accounts (id) WHERE locked;
