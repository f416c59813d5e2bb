-- Registered clients, refresh-token lineages and the revocation log.
-- Times are BIGINT epoch milliseconds, as in V1.

CREATE TABLE clients (
    id          TEXT   COLLATE "C" NOT NULL PRIMARY KEY,
    -- NULL for public clients
    secret_hash TEXT,
    -- space-separated, sorted, so that equal sets are stored as equal text
    audiences   TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);

-- One row per refresh token ever issued in a lineage; generation 0 is the token of the sign-in,
-- each rotation adds generation + 1, and the newest generation is the current token. The unique
-- index on (session_id, generation) is what makes rotation atomic: of two inserts of the same next
-- generation only one can succeed, so the database, not a read before the write, picks the winner.
-- Deleting a session deletes its lineage: SessionStore.deleteExpired reports only a count, so no
-- caller could forget the lineages of the sessions it removed.
CREATE TABLE refresh_tokens (
    token_hash   TEXT   NOT NULL PRIMARY KEY,
    session_id   TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    generation   BIGINT NOT NULL CHECK (generation >= 0),
    issued_at    BIGINT NOT NULL,
    -- this token sealed, for replays within the grace window; NULL for generation 0, and cleared
    -- once a newer token replaces it (a token two generations back is never replayed)
    sealed_token BYTEA
);

-- Also the index the cascade from sessions uses (its leading column is session_id).
CREATE UNIQUE INDEX refresh_tokens_lineage ON refresh_tokens (session_id, generation);
-- the few rows still holding a sealed copy, for dropping them once the grace window has passed
CREATE INDEX refresh_tokens_sealed ON refresh_tokens (issued_at) WHERE sealed_token IS NOT NULL;

CREATE TABLE revocations (
    -- assigned from revocation_counter by the append statement (see SqlDialect.appendRevocation),
    -- not by a sequence: numbers must become visible in commit order, which a sequence does not give
    seq          BIGINT NOT NULL PRIMARY KEY CHECK (seq > 0),
    kind         TEXT   NOT NULL CHECK (kind IN ('session', 'account', 'token')),
    id           TEXT   NOT NULL,
    revoked_at   BIGINT NOT NULL,
    forget_after BIGINT NOT NULL
);

-- seq is not implied in a PostgreSQL index as the rowid is in SQLite, so name it: this index also
-- serves "newest for a kind and id".
CREATE INDEX revocations_subject ON revocations (kind, id, seq);
CREATE INDEX revocations_forget_after ON revocations (forget_after);

-- The high-water mark of the revocation log: exactly one row, the last number handed out. Its row
-- lock queues concurrent appends, and it outlives deleted entries, so numbers are never reused.
CREATE TABLE revocation_counter (
    only_row BOOLEAN NOT NULL PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    last_seq BIGINT  NOT NULL CHECK (last_seq >= 0)
);

INSERT INTO revocation_counter (only_row, last_seq) VALUES (TRUE, 0);
