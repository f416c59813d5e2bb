package dev.gatehouse.it;

import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.nio.file.Files;
import java.util.Map;

/** {@link StalledPathTest} with everything in a throwaway PostgreSQL. */
class PostgresStalledPathTest extends StalledPathTest {

    private ThrowawayPostgres postgres;

    @Override
    String store() {
        return "PostgreSQL";
    }

    @Override
    void startBehindProxy() throws Exception {
        postgres = ThrowawayPostgres.create(temp);
        proxy = StallingProxy.to(postgres.port());
        server = TestServer.start(Files.createDirectory(temp.resolve("data")), Map.of(Setting.STORE_BACKEND, "postgres",
                Setting.STORE_POSTGRES_URL, postgres.url(proxy.port()), Setting.STORE_POSTGRES_USER, ThrowawayPostgres.USER));
    }

    @Override
    void stopStore() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
