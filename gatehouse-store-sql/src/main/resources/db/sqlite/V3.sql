-- Registered clients, refresh-token lineages and the revocation log.
-- Times are INTEGER epoch milliseconds, as in V1.

CREATE TABLE clients (
    id          TEXT    NOT NULL PRIMARY KEY,
    -- NULL for public clients
    secret_hash TEXT,
    -- space-separated, sorted, so that equal sets are stored as equal text
    audiences   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

-- One row per refresh token ever issued in a lineage; generation 0 is the token of the sign-in,
-- each rotation adds generation + 1, and the newest generation is the current token. The unique
-- index on (session_id, generation) is what makes rotation atomic: of two inserts of the same next
-- generation only one can succeed, so the database, not a read before the write, picks the winner.
-- Deleting a session deletes its lineage: SessionStore.deleteExpired reports only a count, so no
-- caller could forget the lineages of the sessions it removed.
CREATE TABLE refresh_tokens (
    token_hash   TEXT    NOT NULL PRIMARY KEY,
    session_id   TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    generation   INTEGER NOT NULL CHECK (generation >= 0),
    issued_at    INTEGER NOT NULL,
    -- this token sealed, for replays within the grace window; NULL for generation 0, and cleared
    -- once a newer token replaces it (a token two generations back is never replayed)
    sealed_token BLOB
) STRICT;

CREATE UNIQUE INDEX refresh_tokens_lineage ON refresh_tokens (session_id, generation);
-- the few rows still holding a sealed copy, for dropping them once the grace window has passed
CREATE INDEX refresh_tokens_sealed ON refresh_tokens (issued_at) WHERE sealed_token IS NOT NULL;

CREATE TABLE revocations (
    -- AUTOINCREMENT: a sequence number is never reused, which followers of the log rely on
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL CHECK (kind IN ('session', 'account', 'token')),
    id           TEXT    NOT NULL,
    revoked_at   INTEGER NOT NULL,
    forget_after INTEGER NOT NULL
) STRICT;

-- The rowid (seq) is implied in every index, so this one also serves "newest for a kind and id".
CREATE INDEX revocations_subject ON revocations (kind, id);
CREATE INDEX revocations_forget_after ON revocations (forget_after);
