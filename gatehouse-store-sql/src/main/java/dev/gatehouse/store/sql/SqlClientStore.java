package dev.gatehouse.store.sql;

import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.ClientStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClientStore} on a SQL database.
 *
 * <p>A taken id is detected by the primary key, not by a look-up before the insert, so two nodes
 * registering the same id at once cannot both succeed. Audiences are kept space-separated
 * ({@link SpaceSeparated}); the registration as the JSON of {@link ClientRegistration#encode()},
 * read back as {@link ClientRegistration#basic(boolean)} from rows stored before it existed
 * (db/.../V9.sql).
 */
public final class SqlClientStore implements ClientStore {

    private static final String COLUMNS = "id, secret_hash, audiences, created_at, registration";

    private final Database db;

    SqlClientStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Client client) {
        boolean inserted = db.insertUnlessDuplicate("create a client",
                "INSERT INTO clients (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                client.id(), client.secretHash(), SpaceSeparated.encode("an audience", client.audiences()),
                client.createdAt(), client.registration().encode());
        if (!inserted) {
            throw new ConflictException(ErrorCode.CLIENT_EXISTS, "a client with this id exists");
        }
    }

    @Override
    public Optional<Client> find(String id) {
        return db.find("find a client", "SELECT " + COLUMNS + " FROM clients WHERE id = ?", SqlClientStore::client, id);
    }

    @Override
    public List<Client> list() {
        // Code-point order on both: SQLite compares text bytewise, and the PostgreSQL column is COLLATE "C".
        return db.list("list clients", "SELECT " + COLUMNS + " FROM clients ORDER BY id", SqlClientStore::client);
    }

    @Override
    public boolean update(Client client) {
        return db.update("update a client", "UPDATE clients SET audiences = ?, registration = ? WHERE id = ?",
                SpaceSeparated.encode("an audience", client.audiences()), client.registration().encode(),
                client.id()) > 0;
    }

    @Override
    public boolean delete(String id) {
        return db.update("delete a client", "DELETE FROM clients WHERE id = ?", id) > 0;
    }

    private static Client client(ResultRow row) throws SQLException {
        String secretHash = row.text("secret_hash");
        String registration = row.text("registration");
        return new Client(row.text("id"), secretHash, SpaceSeparated.decode(row.text("audiences")),
                row.instant("created_at"), registration == null ? ClientRegistration.basic(secretHash != null)
                        : ClientRegistration.parse(registration));
    }
}
