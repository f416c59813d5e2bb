-- Accounts, sessions and the audit log; the PostgreSQL twin of db/sqlite/V1.sql.
-- Times are BIGINT epoch milliseconds, as in SQLite, so the stores bind and read them alike.
-- Columns that the stores sort by are COLLATE "C": code-point order, the order SQLite gives,
-- whatever collation the database was created with.

CREATE TABLE accounts (
    id            TEXT    NOT NULL PRIMARY KEY,
    username      TEXT    NOT NULL,
    username_key  TEXT    COLLATE "C" NOT NULL,
    password_hash TEXT    NOT NULL,
    roles         TEXT    NOT NULL,
    locked        BOOLEAN NOT NULL,
    created_at    BIGINT  NOT NULL
);

CREATE UNIQUE INDEX accounts_username_key ON accounts (username_key);

CREATE TABLE sessions (
    id                  TEXT   COLLATE "C" NOT NULL PRIMARY KEY,
    account_id          TEXT   NOT NULL REFERENCES accounts (id),
    token_hash          TEXT,
    client_id           TEXT   NOT NULL,
    created_at          BIGINT NOT NULL,
    last_used_at        BIGINT NOT NULL,
    idle_expires_at     BIGINT NOT NULL,
    absolute_expires_at BIGINT NOT NULL,
    -- the earlier of the two deadlines, so that expiry is one indexed range
    expires_at          BIGINT NOT NULL,
    user_agent          TEXT   NOT NULL,
    ip                  TEXT   NOT NULL,
    revoked_at          BIGINT,
    revoke_reason       TEXT,
    -- token sessions: what their access tokens are for
    audience            TEXT,
    scope               TEXT
);

-- NULL token hashes (sessions without a cookie) do not collide in a unique index.
CREATE UNIQUE INDEX sessions_token_hash ON sessions (token_hash);
CREATE INDEX sessions_account ON sessions (account_id, created_at);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE audit_events (
    -- an identity never hands a number out twice, also after rows are deleted; numbers may skip
    -- (a rolled-back insert uses one up), which the audit log allows
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         BIGINT NOT NULL,
    type       TEXT   NOT NULL,
    account_id TEXT,
    username   TEXT,
    session_id TEXT,
    ip         TEXT,
    detail     TEXT
);
