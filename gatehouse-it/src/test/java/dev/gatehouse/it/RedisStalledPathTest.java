package dev.gatehouse.it;

import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;

/** {@link StalledPathTest} with sessions in a throwaway Redis. */
class RedisStalledPathTest extends StalledPathTest {

    private ThrowawayRedis redis;

    @Override
    String store() {
        return "Redis";
    }

    @Override
    void startBehindProxy() throws Exception {
        redis = ThrowawayRedis.inMemory(Files.createDirectory(temp.resolve("redis"))).start();
        proxy = StallingProxy.to(URI.create(redis.uri()).getPort());
        server = TestServer.start(Files.createDirectory(temp.resolve("data")), Map.of(Setting.STORE_SESSIONS, "redis",
                Setting.STORE_REDIS_URIS, "redis://127.0.0.1:" + proxy.port()));
    }

    @Override
    void stopStore() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }
}
