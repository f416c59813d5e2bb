package dev.gatehouse.core.key;

/** The JWS algorithms Gatehouse signs with; each key has exactly one. */
public enum KeyAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256 over a 2048-bit key: understood everywhere. The default. */
    RS256,
    /** ECDSA on P-256 with SHA-256: smaller tokens, faster signing. */
    ES256,
    /** Ed25519: the smallest tokens and the fastest signing. */
    EdDSA
}
