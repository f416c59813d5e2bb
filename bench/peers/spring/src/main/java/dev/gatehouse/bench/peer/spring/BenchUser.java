package dev.gatehouse.bench.peer.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.stereotype.Component;

/** Creates the benchmark account in the JDBC user store at start-up when it is not there yet. */
@Component
class BenchUser implements ApplicationRunner {

    private final JdbcUserDetailsManager users;
    private final PasswordEncoder encoder;
    private final String username;
    private final String password;

    BenchUser(JdbcUserDetailsManager users, PasswordEncoder encoder, @Value("${bench.username}") String username,
            @Value("${bench.password}") String password) {
        this.users = users;
        this.encoder = encoder;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!users.userExists(username)) {
            users.createUser(User.withUsername(username).password(encoder.encode(password)).roles("USER").build());
        }
    }
}
