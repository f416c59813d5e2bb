-- The OpenID provider: client registrations, grants, consents, device authorizations and
-- back-channel logout deliveries; the PostgreSQL twin of db/sqlite/V9.sql.
-- Times are BIGINT epoch milliseconds, as in V1. Ids that lists are ordered by are COLLATE "C",
-- code-point order, as SQLite compares text.
--
-- No foreign keys to sessions or clients: sessions may live in Redis, not here, and a grant or a
-- delivery outlives its session on purpose (the session's end is what a delivery reports). Rows
-- are removed by age (GrantStore.deleteCreatedBefore and the like), never by cascade.

-- ClientRegistration.encode(), one JSON object. NULL for clients registered before registrations
-- existed: they read as ClientRegistration.basic(secret_hash IS NOT NULL), what they could do then.
-- Adding a nullable column without a default rewrites no rows.
ALTER TABLE clients ADD COLUMN registration TEXT;

-- A grant is a token session (session_id) started from a browser session (parent_session_id).
-- code_hash is unique where present: of two grants from one authorization code, the second
-- insert fails, and a code presented again finds the one grant it made.
CREATE TABLE grants (
    session_id        TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
    parent_session_id TEXT    NOT NULL,
    client_id         TEXT    NOT NULL,
    account_id        TEXT    NOT NULL,
    -- space-separated, as granted
    scope             TEXT    NOT NULL,
    created_at        BIGINT NOT NULL,
    code_hash         TEXT
);

-- a browser session's grants, oldest first (ending or moving them with their parent)
CREATE INDEX grants_parent ON grants (parent_session_id, created_at, session_id);
-- an account's grants held by a client, oldest first (ending them when consent is withdrawn)
CREATE INDEX grants_holder ON grants (account_id, client_id, created_at, session_id);
CREATE UNIQUE INDEX grants_code ON grants (code_hash) WHERE code_hash IS NOT NULL;
-- dropping grants older than any session can live
CREATE INDEX grants_created ON grants (created_at);

-- One consent per account and client; giving it again replaces it (an upsert on the key).
-- The primary key leads with account_id, so it also serves "an account's consents by client".
CREATE TABLE consents (
    account_id TEXT    NOT NULL,
    client_id  TEXT    COLLATE "C" NOT NULL,
    -- space-separated, sorted, so that equal sets are stored as equal text
    scopes     TEXT    NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, client_id)
);

-- Device authorizations (RFC 8628); only the SHA-256 of the device code is kept. The user code is
-- unique: a new authorization takes the code of an expired one in the same upsert
-- (DeviceGrantStore.create), and of two new ones drawing the same code the second is refused.
-- Deciding and redeeming are conditional UPDATEs on status, so of racing approvals, or of racing
-- token requests, one matches the row.
CREATE TABLE device_grants (
    device_code_hash   TEXT    NOT NULL PRIMARY KEY,
    user_code          TEXT    NOT NULL,
    client_id          TEXT    NOT NULL,
    scope              TEXT    NOT NULL,
    created_at         BIGINT NOT NULL,
    expires_at         BIGINT NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'redeemed')),
    -- who decided, and the browser session that approved (the grant's parent); NULL while pending
    account_id         TEXT,
    session_id         TEXT,
    last_polled_at     BIGINT,
    -- the poll before the last: a poll sets it from last_polled_at in the same UPDATE and returns
    -- it, so the device's previous poll is read and replaced atomically (slow_down)
    previous_polled_at BIGINT
);

CREATE UNIQUE INDEX device_grants_user_code ON device_grants (user_code);
CREATE INDEX device_grants_expiry ON device_grants (expires_at);

-- Back-channel logout tokens owed to clients. One per client and ended session (the unique
-- index makes queueing idempotent across nodes). A node claims a due delivery by moving
-- next_attempt_at from the value it read to its lease's end, one conditional UPDATE, so of nodes
-- racing for it one posts it. next_attempt_at is NULL once delivered or given up.
CREATE TABLE logout_deliveries (
    id              TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
    client_id       TEXT    NOT NULL,
    session_id      TEXT    NOT NULL,
    account_id      TEXT    NOT NULL,
    uri             TEXT    NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT,
    delivered_at    BIGINT,
    -- the failed post's status or exception class; never a response body
    last_error      TEXT
);

CREATE UNIQUE INDEX logout_deliveries_client_session ON logout_deliveries (client_id, session_id);
-- the due ones, soonest first; finished ones are not in it
CREATE INDEX logout_deliveries_due ON logout_deliveries (next_attempt_at, id) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX logout_deliveries_session ON logout_deliveries (session_id, created_at, id);
-- the most recent (admin pages), and dropping old finished ones
CREATE INDEX logout_deliveries_created ON logout_deliveries (created_at, id);

-- How far each follower of the revocation log has worked (LogoutDeliveryStore.advance): moved by a
-- conditional UPDATE from the value read, or first set by an INSERT that a second node's loses.
CREATE TABLE log_marks (
    name TEXT    NOT NULL PRIMARY KEY,
    seq  BIGINT NOT NULL
);
