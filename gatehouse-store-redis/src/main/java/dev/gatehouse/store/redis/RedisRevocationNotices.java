package dev.gatehouse.store.redis;

import static dev.gatehouse.store.redis.RedisConnection.text;

import dev.gatehouse.core.revocation.InProcessRevocationNotices;
import dev.gatehouse.core.revocation.RevocationNotices;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * {@link RevocationNotices} on Redis or Redis Cluster: every append publishes its sequence number
 * on {@code P{rev}:appended} from the script that makes it ({@link RedisRevocationLog}), from
 * whichever node made it; this node subscribes on one pub/sub connection and hands each message
 * to its listeners. In a Cluster, {@code PUBLISH} reaches subscribers on every node.
 *
 * <p>The connection is opened by the first subscription (a command line run that never follows
 * the log holds none) and kept until the stores close; {@code subscribe} returns once Redis has
 * confirmed it. Pub/sub delivers at most once and nothing while disconnected (Lettuce reconnects
 * and subscribes again by itself), so a notice may be lost: followers still poll.
 */
final class RedisRevocationNotices implements RevocationNotices, AutoCloseable {

    private final RedisConnection redis;
    private final String channel;
    private final InProcessRevocationNotices listeners = new InProcessRevocationNotices();
    private StatefulRedisPubSubConnection<String, byte[]> connection; // guarded by this
    private boolean closed; // guarded by this

    RedisRevocationNotices(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.channel = keys.revocationChannel();
    }

    /**
     * @throws RedisStoreException when the first subscription cannot reach Redis
     */
    @Override
    public Subscription subscribe(Listener listener) {
        subscribeToChannel();
        return listeners.subscribe(listener);
    }

    private synchronized void subscribeToChannel() {
        if (connection != null || closed) {
            return;
        }
        StatefulRedisPubSubConnection<String, byte[]> c = redis.connectPubSub();
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, byte[] message) {
                if (channel.equals(from)) {
                    listeners.announce(seqOf(text(message)));
                }
            }
        });
        try {
            c.sync().subscribe(channel);
        } catch (RuntimeException e) {
            c.close();
            throw new RedisStoreException("could not subscribe to revocation notices", e);
        }
        connection = c;
    }

    private static long seqOf(String message) {
        try {
            return Long.parseLong(message);
        } catch (NumberFormatException e) {
            return UNKNOWN_SEQ; // still a reason to look
        }
    }

    /** Closes the subscription connection; called when the stores close. */
    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
