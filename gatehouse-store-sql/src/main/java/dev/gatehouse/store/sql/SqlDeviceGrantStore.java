package dev.gatehouse.store.sql;

import dev.gatehouse.core.oidc.DeviceGrant;
import dev.gatehouse.core.oidc.DeviceGrant.Status;
import dev.gatehouse.core.oidc.DeviceGrantStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link DeviceGrantStore} on a SQL database (table {@code device_grants}, db/.../V9.sql).
 *
 * <p>Every method is one statement, and every decision is the database's:
 * <ul>
 *   <li>{@link #create}: an upsert on the unique user code that replaces only a row that has
 *       expired, so a live authorization's code is never taken over, and of two new ones drawing
 *       the same code one is stored.</li>
 *   <li>{@link #decide} and {@link #redeem}: conditional UPDATEs on the status ({@code pending},
 *       {@code approved}); of racing approvals, or racing token requests on several nodes, the
 *       row lock lets one match, and tokens are issued once.</li>
 *   <li>{@link #poll}: one UPDATE ... RETURNING that moves the last poll into
 *       {@code previous_polled_at} as it records this one, and returns that previous poll.</li>
 * </ul>
 */
public final class SqlDeviceGrantStore implements DeviceGrantStore {

    private static final String COLUMNS = "device_code_hash, user_code, client_id, scope, created_at, expires_at,"
            + " status, account_id, session_id, last_polled_at";

    private final Database db;

    SqlDeviceGrantStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean create(DeviceGrant g) {
        // excluded.created_at is "now" for the new one: an old one expired by then gives up its code
        return db.insertUnlessDuplicate("store a device authorization", "INSERT INTO device_grants (" + COLUMNS
                        + ", previous_polled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"
                        + " ON CONFLICT (user_code) DO UPDATE SET device_code_hash = excluded.device_code_hash,"
                        + " client_id = excluded.client_id, scope = excluded.scope, created_at = excluded.created_at,"
                        + " expires_at = excluded.expires_at, status = excluded.status,"
                        + " account_id = excluded.account_id, session_id = excluded.session_id,"
                        + " last_polled_at = excluded.last_polled_at, previous_polled_at = NULL"
                        + " WHERE device_grants.expires_at <= excluded.created_at",
                g.deviceCodeHash(), g.userCode(), g.clientId(), g.scope(), g.createdAt(), g.expiresAt(),
                code(g.status()), g.accountId(), g.sessionId(), g.lastPolledAt());
    }

    @Override
    public Optional<DeviceGrant> findByUserCode(String userCode) {
        return db.find("find a device authorization", "SELECT " + COLUMNS + " FROM device_grants WHERE user_code = ?",
                SqlDeviceGrantStore::deviceGrant, userCode);
    }

    @Override
    public boolean decide(String userCode, boolean approve, String accountId, String sessionId, Instant now) {
        return db.update("decide a device authorization", "UPDATE device_grants SET status = ?, account_id = ?,"
                        + " session_id = ? WHERE user_code = ? AND status = 'pending' AND expires_at > ?",
                code(approve ? Status.APPROVED : Status.DENIED), accountId, approve ? sessionId : null, userCode,
                now) > 0;
    }

    @Override
    public Optional<DeviceGrant> poll(String deviceCodeHash, Instant now) {
        // SET reads the row as it was, so previous_polled_at gets the last poll before this one
        return db.find("record a device's poll", "UPDATE device_grants SET previous_polled_at = last_polled_at,"
                        + " last_polled_at = ? WHERE device_code_hash = ? RETURNING " + COLUMNS.replace(
                        "last_polled_at", "previous_polled_at AS last_polled_at"),
                SqlDeviceGrantStore::deviceGrant, now, deviceCodeHash);
    }

    @Override
    public boolean redeem(String deviceCodeHash) {
        return db.update("redeem a device authorization", "UPDATE device_grants SET status = 'redeemed'"
                + " WHERE device_code_hash = ? AND status = 'approved'", deviceCodeHash) > 0;
    }

    @Override
    public int deleteExpired(Instant now) {
        // expired at now counts, as DeviceGrant.isExpiredAt says
        return db.update("delete expired device authorizations", "DELETE FROM device_grants WHERE expires_at <= ?",
                now);
    }

    private static String code(Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static DeviceGrant deviceGrant(ResultRow row) throws SQLException {
        return new DeviceGrant(row.text("device_code_hash"), row.text("user_code"), row.text("client_id"),
                row.text("scope"), row.instant("created_at"), row.instant("expires_at"),
                Status.valueOf(row.text("status").toUpperCase(Locale.ROOT)), row.text("account_id"),
                row.text("session_id"), row.instant("last_polled_at"));
    }
}
