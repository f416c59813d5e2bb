-- Second factors; the PostgreSQL twin of db/sqlite/V8.sql.
-- Times are BIGINT epoch milliseconds, as in V1. Version 8, not 7: version 7 is the sessions'
-- migration, made alongside.

-- One secret per account. The secret is sealed (AES-256-GCM, see Sealer, the account id bound in)
-- before it gets here; never stored in clear. confirmed_at stays NULL while enrolment is pending.
-- last_step is the last time step whose code was accepted: spending a code is one conditional
-- UPDATE (last_step < the code's step), so of two sign-ins with one code only one matches a row.
CREATE TABLE totp_secrets (
    account_id    TEXT   NOT NULL PRIMARY KEY REFERENCES accounts (id),
    sealed_secret BYTEA  NOT NULL,
    created_at    BIGINT NOT NULL,
    confirmed_at  BIGINT,
    last_step     BIGINT NOT NULL
);

-- SHA-256 hex of each code (bound to the account, see RecoveryCodes). Spending one is one
-- conditional UPDATE (used_at IS NULL), so a code counts once however many sign-ins race with it.
-- The primary key leads with account_id, so it also serves "an account's codes".
CREATE TABLE recovery_codes (
    account_id TEXT   NOT NULL REFERENCES accounts (id),
    code_hash  TEXT   NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (account_id, code_hash)
);

-- WebAuthn credentials. The credential id is unique across accounts (the primary key decides a
-- duplicate registration, not a look-up before the insert); sign-in finds a passkey by it.
CREATE TABLE passkeys (
    credential_id   TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
    account_id      TEXT    NOT NULL REFERENCES accounts (id),
    name            TEXT    NOT NULL,
    -- the attested credential data (AAGUID, id, COSE public key) as the WebAuthn library serialises it
    credential_data BYTEA   NOT NULL,
    sign_count      BIGINT  NOT NULL,
    uv_initialized  BOOLEAN NOT NULL,
    backup_eligible BOOLEAN NOT NULL,
    backed_up       BOOLEAN NOT NULL,
    -- comma-separated, as the browser reported them; empty when it reported none
    transports      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    last_used_at    BIGINT
);

-- an account's passkeys, oldest first
CREATE INDEX passkeys_account ON passkeys (account_id, created_at);
