package dev.gatehouse.store.sql;

import dev.gatehouse.core.token.RefreshTokenStore;
import dev.gatehouse.core.token.RotationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link RefreshTokenStore} on a SQL database.
 *
 * <p>Each token ever issued is a row with its lineage (the session) and its generation: 0 for the
 * token of the sign-in, one more for each rotation; the newest generation is the current token.
 * Rotating is one {@code INSERT ... SELECT} of generation {@code g + 1} for a presented token of
 * generation {@code g}, and the unique index on (session, generation) decides it: the insert
 * succeeds only if nothing has replaced the presented token yet, and of many concurrent inserts
 * for the same {@code g} (threads, pooled connections, processes) exactly one does. There is no
 * read-decide-write window: the read that follows a refused insert only classifies the loser
 * (grace replay or reuse), and it reads the lineage in one statement, so it sees one state.
 *
 * <p>The sealed copy of a token is kept on its own row and cleared when the next rotation
 * replaces it, because from then on nothing can ask for it (a token two generations back is
 * reused, not replayed). The copy of the current token stays until it is replaced; the grace
 * window is enforced by comparing times, not by deleting it.
 *
 * <p>A lineage belongs to a session row: {@link #issue} fails for a session that does not exist,
 * and deleting a session (for example as expired) deletes its lineage with it.
 */
public final class SqlRefreshTokenStore implements RefreshTokenStore {

    /** Where a presented token sits in its lineage. */
    private record Position(String sessionId, long generation) {
    }

    /** The rotation that replaced a presented token, and the newest generation of the lineage. */
    private record Replacement(Instant rotatedAt, byte[] sealedToken, long newestGeneration) {
    }

    private final Database db;

    SqlRefreshTokenStore(Database db) {
        this.db = db;
    }

    @Override
    public void issue(String sessionId, String tokenHash, Instant at) {
        boolean inserted = db.insertUnlessDuplicate("start a refresh-token lineage",
                "INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at) VALUES (?, ?, 0, ?)",
                tokenHash, sessionId, at);
        if (!inserted) {
            // Same exception as the in-memory reference; never the hash itself in the message.
            throw new IllegalStateException("lineage or token exists");
        }
    }

    @Override
    public RotationResult rotate(String presentedHash, String newHash, byte[] sealedNewToken, Instant now,
                                 Duration grace) {
        Optional<Position> found = position(presentedHash);
        if (found.isEmpty()) {
            return new RotationResult.NotFound();
        }
        Position presented = found.get();
        // Selecting from the presented row (not binding the position just read) means that a
        // lineage forgotten meanwhile gets no orphan row; the outcome is then the same as a
        // rotation that ran just before the forget. The join reads the session in the same
        // statement: a revocation stored before it began is seen, and one that commits while it
        // runs is ordered after it, so its revocation entry covers the tokens this rotation yields.
        boolean rotated = db.insertUnlessDuplicate("rotate a refresh token",
                "INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at, sealed_token)"
                        + " SELECT ?, r.session_id, r.generation + 1, ?, ? FROM refresh_tokens r"
                        + " JOIN sessions s ON s.id = r.session_id"
                        + " WHERE r.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?",
                newHash, now, sealedNewToken, presentedHash, now);
        if (rotated) {
            clearSealedToken(presented);
            return new RotationResult.Rotated(presented.sessionId());
        }
        return classifyLoser(presentedHash, presented, now, grace);
    }

    /**
     * The insert was refused: the session has ended, something replaced the presented token, or
     * the new hash is taken.
     */
    private RotationResult classifyLoser(String presentedHash, Position presented, Instant now, Duration grace) {
        boolean live = db.find("check the session of a refresh token",
                "SELECT 1 AS live FROM sessions WHERE id = ? AND revoked_at IS NULL AND expires_at > ?",
                row -> true, presented.sessionId(), now).isPresent();
        if (!live) {
            return new RotationResult.SessionEnded(presented.sessionId());
        }
        Optional<Replacement> replacement = db.find("read a refresh-token lineage",
                "SELECT r.issued_at, r.sealed_token,"
                        + " (SELECT MAX(generation) FROM refresh_tokens WHERE session_id = r.session_id) AS newest"
                        + " FROM refresh_tokens r WHERE r.session_id = ? AND r.generation = ?",
                row -> new Replacement(row.instant("issued_at"), row.bytes("sealed_token"),
                        row.number("newest")),
                presented.sessionId(), presented.generation() + 1);
        if (replacement.isEmpty()) {
            // Nothing replaced the presented token, so the new hash collided with an issued one
            // (a broken token generator), unless the lineage was forgotten since the insert.
            if (position(presentedHash).isPresent()) {
                throw new IllegalStateException("the new refresh token's hash is already issued");
            }
            return new RotationResult.NotFound();
        }
        Replacement r = replacement.get();
        boolean isPrevious = r.newestGeneration() == presented.generation() + 1;
        if (isPrevious && now.isBefore(r.rotatedAt().plus(grace)) && r.sealedToken() != null) {
            return new RotationResult.GraceReplay(presented.sessionId(), r.sealedToken());
        }
        return new RotationResult.Reused(presented.sessionId());
    }

    @Override
    public Optional<String> sessionOf(String tokenHash) {
        return position(tokenHash).map(Position::sessionId);
    }

    @Override
    public void forget(String sessionId) {
        db.update("forget a refresh-token lineage", "DELETE FROM refresh_tokens WHERE session_id = ?", sessionId);
    }

    private Optional<Position> position(String tokenHash) {
        return db.find("find a refresh token",
                "SELECT session_id, generation FROM refresh_tokens WHERE token_hash = ?",
                row -> new Position(row.text("session_id"), row.number("generation")), tokenHash);
    }

    /** The presented token is now previous; its sealed copy can never be asked for again. */
    private void clearSealedToken(Position previous) {
        db.update("clear a replaced sealed refresh token",
                "UPDATE refresh_tokens SET sealed_token = NULL WHERE session_id = ? AND generation = ?",
                previous.sessionId(), previous.generation());
    }

    @Override
    public int dropSealedBefore(Instant cutoff) {
        return db.update("drop sealed refresh tokens past the grace window",
                "UPDATE refresh_tokens SET sealed_token = NULL WHERE sealed_token IS NOT NULL AND issued_at < ?", cutoff);
    }
}
