package dev.gatehouse.store.sql;

import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientStore;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link ClientStore} on a SQL database.
 *
 * <p>A taken id is detected by the primary key, not by a look-up before the insert, so two nodes
 * registering the same id at once cannot both succeed. Audiences are kept as one space-separated
 * text column, the form OAuth itself uses for such lists: they are few, always read together and
 * never queried by. An audience that is empty or contains whitespace cannot be stored that way
 * and is refused.
 */
public final class SqlClientStore implements ClientStore {

    private static final String COLUMNS = "id, secret_hash, audiences, created_at";
    private static final String AUDIENCE_SEPARATOR = " ";

    private final Database db;

    SqlClientStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Client client) {
        boolean inserted = db.insertUnlessDuplicate("create a client",
                "INSERT INTO clients (" + COLUMNS + ") VALUES (?, ?, ?, ?)",
                client.id(), client.secretHash(), encodeAudiences(client.audiences()), client.createdAt());
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

    /**
     * Updates the audiences. The registration is not stored by this store yet (its column comes
     * with schema version 9).
     */
    @Override
    public boolean update(Client client) {
        return db.update("update a client", "UPDATE clients SET audiences = ? WHERE id = ?",
                encodeAudiences(client.audiences()), client.id()) > 0;
    }

    @Override
    public boolean delete(String id) {
        return db.update("delete a client", "DELETE FROM clients WHERE id = ?", id) > 0;
    }

    private static Client client(ResultRow row) throws SQLException {
        return new Client(row.text("id"), row.text("secret_hash"), decodeAudiences(row.text("audiences")),
                row.instant("created_at"));
    }

    /** Sorted, so equal sets are stored as equal text. */
    static String encodeAudiences(Set<String> audiences) {
        for (String audience : audiences) {
            if (audience.isEmpty() || audience.codePoints().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("an audience must be non-empty and without whitespace: \""
                        + audience + "\"");
            }
        }
        return audiences.stream().sorted().collect(Collectors.joining(AUDIENCE_SEPARATOR));
    }

    static Set<String> decodeAudiences(String text) {
        return text.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(text.split(AUDIENCE_SEPARATOR)));
    }
}
