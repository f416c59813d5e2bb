-- Sign-in throttling: attempts per key in fixed windows, shared by every node on the store.
-- A row lives until its window ends; ended windows are deleted as the table is written.
CREATE TABLE attempts (
    attempt_key   TEXT   COLLATE "C" NOT NULL PRIMARY KEY,
    attempt_count BIGINT NOT NULL CHECK (attempt_count >= 1),
    ends_at       BIGINT NOT NULL
);

CREATE INDEX attempts_ends_at ON attempts (ends_at);
