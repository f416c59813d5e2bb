package dev.gatehouse.bench.harness;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Sign-ins made before a refresh measurement: one per connection, four at a time (each costs a
 * password hash), each answer's refresh token written on its own line of a file for
 * {@code RefreshRotation.java}.
 */
final class Lineages {

    private Lineages() {
    }

    /** Signs in {@code count} times with {@code login} and writes the refresh tokens to {@code file}. */
    static Path signIn(Http http, String system, int count, Supplier<HttpRequest.Builder> login, Path file) {
        List<String> tokens = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                answers.add(pool.submit(() -> Http.member(system + " sign-in", http.expectOk(system + " sign-in",
                        login.get()).body(), "refresh_token")));
            }
            for (Future<String> answer : answers) {
                tokens.add(answer.get());
            }
        } catch (ExecutionException e) {
            throw new HarnessException(system + ": not every lineage signed in: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while signing in", e);
        }
        try {
            return Files.write(file, tokens);
        } catch (IOException e) {
            throw new HarnessException("cannot write " + file, e);
        }
    }
}
