package dev.gatehouse.store.redis;

import static dev.gatehouse.store.redis.RedisConnection.text;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.function.LongConsumer;

/**
 * Announcements of revocation appends: every append publishes its sequence number on
 * {@code P{rev}:appended}, from whichever node made it. A follower that subscribes can read
 * {@code after(seq)} at once instead of waiting for its next poll.
 *
 * <p>Pub/sub delivers at most once and nothing while disconnected, so a notice is a wake-up,
 * not the data: followers must still read the log by sequence number and keep polling now and
 * then. In a Cluster, {@code PUBLISH} reaches subscribers on every node.
 */
public final class RedisRevocationFeed {

    private final RedisConnection redis;
    private final String channel;

    RedisRevocationFeed(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.channel = keys.revocationChannel();
    }

    /**
     * Calls {@code onAppended} with the sequence number of each append, on a Lettuce thread (keep
     * it short: wake someone up). Returns once the subscription is active.
     *
     * @return closes the subscription and its connection
     */
    public AutoCloseable follow(LongConsumer onAppended) {
        StatefulRedisPubSubConnection<String, byte[]> connection = redis.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, byte[] message) {
                if (channel.equals(from)) {
                    onAppended.accept(Long.parseLong(text(message)));
                }
            }
        });
        try {
            connection.sync().subscribe(channel);
        } catch (RuntimeException e) {
            connection.close();
            throw new RedisStoreException("could not subscribe to revocation notices", e);
        }
        return connection::close;
    }
}
