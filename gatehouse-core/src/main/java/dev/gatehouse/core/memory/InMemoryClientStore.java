package dev.gatehouse.core.memory;

import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientStore;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Reference implementation of {@link ClientStore}. For tests. */
public final class InMemoryClientStore implements ClientStore {

    private final TreeMap<String, Client> clients = new TreeMap<>();

    @Override
    public synchronized void create(Client client) {
        if (clients.putIfAbsent(client.id(), client) != null) {
            throw new ConflictException(ErrorCode.CLIENT_EXISTS, "a client with this id exists");
        }
    }

    @Override
    public synchronized Optional<Client> find(String id) {
        return Optional.ofNullable(clients.get(id));
    }

    @Override
    public synchronized List<Client> list() {
        return List.copyOf(clients.values());
    }

    @Override
    public synchronized boolean update(Client client) {
        Client old = clients.get(client.id());
        if (old == null) {
            return false;
        }
        clients.put(old.id(), new Client(old.id(), old.secretHash(), client.audiences(), old.createdAt(),
                client.registration()));
        return true;
    }

    @Override
    public synchronized boolean delete(String id) {
        return clients.remove(id) != null;
    }
}
