-- Sign-in throttling: attempts per key in fixed windows, shared by every process on the store.
-- A row lives until its window ends; ended windows are deleted as the table is written.
CREATE TABLE attempts (
    attempt_key   TEXT    NOT NULL PRIMARY KEY,
    attempt_count INTEGER NOT NULL CHECK (attempt_count >= 1),
    ends_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX attempts_ends_at ON attempts (ends_at);
