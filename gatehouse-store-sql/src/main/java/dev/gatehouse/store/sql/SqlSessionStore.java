package dev.gatehouse.store.sql;

import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionCursor;
import dev.gatehouse.core.session.SessionStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link SessionStore} on a SQL database.
 *
 * <p>Every method is one statement whose WHERE clause carries the condition, so the check and
 * the write cannot be separated by another node: revoking is
 * {@code UPDATE ... WHERE id = ? AND revoked_at IS NULL}, and exactly one of any number of
 * concurrent revokers sees a changed row.
 *
 * <p>Besides the two deadlines, each row keeps {@code expires_at}, the earlier of them, kept in
 * step by {@link #touch}. It duplicates data on purpose: one indexed column lets
 * {@link #deleteExpired} use a range scan instead of an OR over two columns that no single
 * index serves.
 *
 * <p>An account's active sessions are read through the partial index
 * {@code sessions_account_active (account_id, created_at, id) WHERE revoked_at IS NULL}: a page
 * is a walk down it from the cursor (a row-value comparison, so the index decides where to start),
 * and {@link #revokeBeyond} skips the newest rows of the same walk and ends the oldest of the
 * rest. Revoked rows are not in it, so an account's sign-out history does not slow either.
 * Expired rows stay in it until {@link #deleteExpired} removes them; the walk filters them on
 * {@code expires_at}.
 *
 * <p>{@link #revokeBeyond} is one UPDATE whose subquery picks the rows beyond the newest
 * {@code keep}; the outer {@code revoked_at IS NULL} is checked again on each row it locks, so of
 * two trims racing on one account only one revokes, and reports, a given session.
 *
 * <p>Column {@code auth} holds {@link Authentications#encode()}; rows from before it (null) read
 * as proved by a password at the session's start.
 */
public final class SqlSessionStore implements SessionStore {

    private static final String COLUMNS = "id, account_id, token_hash, client_id, created_at, last_used_at, "
            + "idle_expires_at, absolute_expires_at, user_agent, ip, revoked_at, revoke_reason, audience, scope, auth";

    private final Database db;

    SqlSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Session s) {
        boolean inserted = db.insertUnlessDuplicate("create a session",
                "INSERT INTO sessions (" + COLUMNS + ", expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(), s.accountId(), s.tokenHash(), s.clientId(), s.createdAt(), s.lastUsedAt(),
                s.idleExpiresAt(), s.absoluteExpiresAt(), s.device().userAgent(), s.device().ip(),
                s.revokedAt(), s.revokeReason() == null ? null : s.revokeReason().code(), s.audience(), s.scope(),
                s.authentications().encode(), s.expiresAt());
        if (!inserted) {
            // Same exception as the in-memory reference; never the hash itself in the message.
            throw new IllegalStateException("duplicate session id or token hash");
        }
    }

    @Override
    public Optional<Session> findById(String id) {
        return db.find("find a session by id",
                "SELECT " + COLUMNS + " FROM sessions WHERE id = ?", SqlSessionStore::session, id);
    }

    @Override
    public Optional<Session> findByTokenHash(String tokenHash) {
        return db.find("find a session by token",
                "SELECT " + COLUMNS + " FROM sessions WHERE token_hash = ?", SqlSessionStore::session, tokenHash);
    }

    @Override
    public List<Session> listActive(String accountId, Instant now, SessionCursor after, int limit) {
        if (after == null) {
            return db.list("list active sessions",
                    "SELECT " + COLUMNS + " FROM sessions"
                            + " WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ?"
                            + " ORDER BY created_at DESC, id DESC LIMIT ?",
                    SqlSessionStore::session, accountId, now, limit);
        }
        return db.list("list active sessions",
                "SELECT " + COLUMNS + " FROM sessions"
                        + " WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ? AND (created_at, id) < (?, ?)"
                        + " ORDER BY created_at DESC, id DESC LIMIT ?",
                SqlSessionStore::session, accountId, now, after.createdAt(), after.id(), limit);
    }

    @Override
    public List<String> revokeBeyond(String accountId, int keep, int atMost, Instant at, RevokeReason reason) {
        // The inner walk skips the newest keep (LIMIT with the largest count: OFFSET needs a LIMIT
        // in SQLite); the outer one takes the oldest atMost of the rest.
        return db.list("revoke an account's sessions beyond its limit",
                "UPDATE sessions SET revoked_at = ?, revoke_reason = ?"
                        + " WHERE id IN (SELECT id FROM (SELECT id, created_at FROM sessions"
                        + " WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ?"
                        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?) excess"
                        + " ORDER BY created_at, id LIMIT ?)"
                        + " AND revoked_at IS NULL AND expires_at > ? RETURNING id",
                row -> row.text("id"), at, reason.code(), accountId, at, Long.MAX_VALUE, keep, atMost, at);
    }

    @Override
    public boolean touch(String id, Instant lastUsedAt, Instant idleExpiresAt) {
        return db.update("touch a session",
                "UPDATE sessions SET last_used_at = ?, idle_expires_at = ?,"
                        + " expires_at = CASE WHEN ? < absolute_expires_at THEN ? ELSE absolute_expires_at END"
                        + " WHERE id = ? AND revoked_at IS NULL AND expires_at > ?",
                lastUsedAt, idleExpiresAt, idleExpiresAt, idleExpiresAt, id, lastUsedAt) > 0;
    }

    @Override
    public boolean revoke(String id, Instant at, RevokeReason reason) {
        return db.update("revoke a session",
                "UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL",
                at, reason.code(), id) > 0;
    }

    @Override
    public List<String> revokeAll(String accountId, Instant at, RevokeReason reason) {
        return db.list("revoke all sessions of an account",
                "UPDATE sessions SET revoked_at = ?, revoke_reason = ?"
                        + " WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ? RETURNING id",
                row -> row.text("id"), at, reason.code(), accountId, at);
    }

    @Override
    public int deleteExpired(Instant now) {
        return db.update("delete expired sessions", "DELETE FROM sessions WHERE expires_at <= ?", now);
    }

    private static Session session(ResultRow row) throws SQLException {
        return new Session(row.text("id"), row.text("account_id"), row.text("token_hash"),
                row.text("client_id"), row.instant("created_at"), row.instant("last_used_at"),
                row.instant("idle_expires_at"), row.instant("absolute_expires_at"),
                new Device(row.text("user_agent"), row.text("ip")),
                row.instant("revoked_at"), reason(row.text("revoke_reason")),
                row.text("audience"), row.text("scope"), authentications(row.text("auth")));
    }

    /** Null for a row stored before methods were recorded: the session then reads as proved by a password. */
    private static Authentications authentications(String stored) {
        return stored == null ? null : Authentications.parse(stored);
    }

    private static RevokeReason reason(String code) {
        return code == null ? null : RevokeReason.ofCode(code);
    }
}
