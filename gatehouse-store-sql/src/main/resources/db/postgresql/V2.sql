-- Signing keys: every node signs and publishes from the same rows.
-- The private JWK is sealed (AES-256-GCM, see Sealer) before it gets here; never stored in clear.
-- Times are BIGINT epoch milliseconds; retired_at and expires_at stay NULL while a key may
-- still sign.
-- No index besides the primary key: a deployment has a handful of keys, always read whole.

CREATE TABLE signing_keys (
    kid                TEXT   COLLATE "C" NOT NULL PRIMARY KEY,
    algorithm          TEXT   NOT NULL,
    public_jwk         TEXT   NOT NULL,
    sealed_private_key BYTEA  NOT NULL,
    created_at         BIGINT NOT NULL,
    activates_at       BIGINT NOT NULL,
    retired_at         BIGINT,
    expires_at         BIGINT
);
