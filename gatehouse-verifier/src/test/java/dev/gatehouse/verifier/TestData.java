package dev.gatehouse.verifier;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared external test vectors: a {@code shared/testdata} folder beside some ancestor of the working directory. */
final class TestData {

    private TestData() {
    }

    static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "no shared/testdata folder beside any ancestor of " + Path.of("").toAbsolutePath()
                + ": the external vectors (Wycheproof, RFC 7520) are not in the repository and were not found");
        throw new IllegalStateException("unreachable");
    }
}
