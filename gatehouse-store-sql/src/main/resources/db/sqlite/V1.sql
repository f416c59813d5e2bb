-- Accounts, sessions and the audit log.
-- Times are INTEGER epoch milliseconds. STRICT tables refuse a value of the wrong type instead
-- of silently storing it, so a mapping bug fails loudly.

CREATE TABLE accounts (
    id            TEXT    NOT NULL PRIMARY KEY,
    username      TEXT    NOT NULL,
    username_key  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    roles         TEXT    NOT NULL,
    locked        INTEGER NOT NULL CHECK (locked IN (0, 1)),
    created_at    INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX accounts_username_key ON accounts (username_key);

CREATE TABLE sessions (
    id                  TEXT    NOT NULL PRIMARY KEY,
    account_id          TEXT    NOT NULL REFERENCES accounts (id),
    token_hash          TEXT,
    client_id           TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    last_used_at        INTEGER NOT NULL,
    idle_expires_at     INTEGER NOT NULL,
    absolute_expires_at INTEGER NOT NULL,
    -- the earlier of the two deadlines, so that expiry is one indexed range
    expires_at          INTEGER NOT NULL,
    user_agent          TEXT    NOT NULL,
    ip                  TEXT    NOT NULL,
    revoked_at          INTEGER,
    revoke_reason       TEXT,
    -- token sessions: what their access tokens are for
    audience            TEXT,
    scope               TEXT
) STRICT;

-- NULL token hashes (sessions without a cookie) do not collide in a unique index.
CREATE UNIQUE INDEX sessions_token_hash ON sessions (token_hash);
CREATE INDEX sessions_account ON sessions (account_id, created_at);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE audit_events (
    -- AUTOINCREMENT: a sequence number is never reused, which followers of the log rely on
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    type       TEXT    NOT NULL,
    account_id TEXT,
    username   TEXT,
    session_id TEXT,
    ip         TEXT,
    detail     TEXT
) STRICT;
