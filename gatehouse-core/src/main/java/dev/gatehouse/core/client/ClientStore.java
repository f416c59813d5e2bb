package dev.gatehouse.core.client;

import java.util.List;
import java.util.Optional;

/** Storage port for registered clients. */
public interface ClientStore {

    /**
     * Registers a client.
     *
     * @throws dev.gatehouse.core.error.ConflictException {@code client_exists} when the id is taken
     */
    void create(Client client);

    Optional<Client> find(String id);

    /** All clients, ordered by id. */
    List<Client> list();

    /**
     * Replaces what an existing client is registered for: its {@link Client#registration()} and
     * {@link Client#audiences()}. Its id, secret and creation time stay as they were.
     *
     * @return false when there is no client with this id (nothing is stored)
     */
    boolean update(Client client);

    /** Removes a client; false when there was none with this id. */
    boolean delete(String id);
}
