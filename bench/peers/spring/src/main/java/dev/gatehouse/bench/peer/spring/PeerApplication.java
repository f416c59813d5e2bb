package dev.gatehouse.bench.peer.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring peer that bench/run.sh measures beside Gatehouse: a session check ({@code GET /verify},
 * Spring Session in JDBC on SQLite) and a JWT resource-server check ({@code GET /api/verify},
 * Gatehouse access tokens validated against Gatehouse's JWKS). Built the way a Spring team would
 * build it: starters, defaults, no tuning, so the comparison is with Spring as it is used.
 */
@SpringBootApplication
public class PeerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PeerApplication.class, args);
    }
}
